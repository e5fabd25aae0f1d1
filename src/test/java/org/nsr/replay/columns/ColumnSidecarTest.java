package org.nsr.replay.columns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.archive.ArchiveReader;
import org.nsr.filter.Filter;
import org.nsr.metrics.Metrics;
import org.nsr.record.codec.GeneratorFlowLine;
import org.nsr.replay.ReadSelection;
import org.nsr.replay.ReadStats;
import org.nsr.replay.RecordingFile;
import org.nsr.replay.RecordingIndex;
import org.nsr.replay.TimeRange;
import org.nsr.replay.query.ColumnarScan;
import org.nsr.replay.query.FlowAggregator;
import org.nsr.replay.query.FlowFilter;
import org.nsr.replay.query.Grouping;
import org.nsr.replay.query.QueryReport;
import org.nsr.testing.RecordingWriter;

class ColumnSidecarTest {
    static final LocalDateTime T0 = LocalDateTime.of(2025, 8, 22, 10, 0, 0);

    @TempDir
    Path dir;

    final List<String> lines = new ArrayList<>();

    /** Three generator archives (the middle one spans several blocks) and an NDTwin one, which gets no sidecar. */
    private void writeRecording() throws Exception {
        Random rnd = new Random(5);
        long ns = T0.toInstant(ZoneOffset.UTC).toEpochMilli() * 1_000_000L;
        int[] sizes = {1000, 70_000, 3};
        for (int f = 0; f < sizes.length; f++) {
            List<String> file = new ArrayList<>();
            for (int i = 0; i < sizes[f]; i++) {
                ns += rnd.nextInt(3_000_000);
                int proto = new int[] {6, 17, 1}[rnd.nextInt(3)];
                file.add(RecordingWriter.generatorLine(i % 4, ns, "10." + rnd.nextInt(4) + "." + rnd.nextInt(256) + "."
                        + rnd.nextInt(256), "192.168.0." + rnd.nextInt(256), rnd.nextInt(65536),
                        rnd.nextBoolean() ? 443 : rnd.nextInt(65536), proto, 1 + rnd.nextInt(1000),
                        40 + (long) rnd.nextInt(Integer.MAX_VALUE) * 3));
            }
            lines.addAll(file);
            RecordingWriter.writeZip(dir, T0.plusMinutes(10L * f), "gen", file);
        }
        RecordingWriter.writeZip(dir, T0, "flowinfo", List.of(RecordingWriter.flowinfoLine(
                T0.toInstant(ZoneOffset.UTC).toEpochMilli(),
                "[" + RecordingWriter.ndtwinFlow(16885952L, 1359063232L, 5201, 40000, 6, 1000, 10) + "]")));
    }

    private List<RecordingFile> archives(String source) throws Exception {
        return RecordingIndex.scan(dir).files(source);
    }

    private void buildAll() throws Exception {
        RecordingIndex index = RecordingIndex.scan(dir);
        for (RecordingFile f : index.allFiles()) {
            ColumnBuild.Outcome o = ColumnBuild.build(index, f, new ArchiveReader());
            assertEquals(f.source().equals("gen") ? ColumnBuild.Outcome.BUILT : ColumnBuild.Outcome.NOT_A_FLOW_ARCHIVE,
                    o, f.toString());
        }
    }

    @Test
    void theSidecarRoundTripsEveryFlowExactlyInFileOrder() throws Exception {
        writeRecording();
        buildAll();
        List<String> decoded = new ArrayList<>();
        for (RecordingFile f : archives("gen")) {
            ColumnReader r = ColumnReader.open(ColumnBuild.sidecarOf(f), Files.size(f.path()));
            r.forEach((t, s, d, sp, dp, p, pk, by) -> decoded.add(List.of(t, s, d, sp, dp, p, pk, by).toString()));
        }
        List<String> expected = new ArrayList<>();
        for (String line : lines) {
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            GeneratorFlowLine.Line l = GeneratorFlowLine.decode(b, 0, b.length);
            expected.add(List.of(l.timestampNanos(), l.srcIp(), l.dstIp(), l.srcPort(), l.dstPort(), l.protocol(),
                    l.packets(), l.bytes()).toString());
        }
        assertEquals(expected, decoded);
        assertFalse(Files.exists(dir.resolve("2025_08_22_10-00-00_flowinfo.cols")), "no sidecar for NDTwin polls");
    }

    private String query(boolean columns, String by, Filter filter, TimeRange range, ColumnarScan scan)
            throws Exception {
        RecordingIndex index = RecordingIndex.scan(dir);
        ReadStats stats = new ReadStats(new Metrics());
        try (FlowAggregator agg = new FlowAggregator(Grouping.parse(by), FlowFilter.NONE, filter, 1_000_000, dir)) {
            scan.scan(index, new ReadSelection(Set.of(), range), new ArchiveReader(), stats, agg, columns, 2);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new QueryReport(agg, 0, 10, QueryReport.TopBy.BYTES).print(QueryReport.Format.JSON,
                    new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void queriesGiveTheSameAnswerFromSidecarsAsFromTheArchives() throws Exception {
        writeRecording();
        String[] bys = {"flow", "src_ip", "ip", "dst_port,proto", "hour,port"};
        List<String> before = new ArrayList<>();
        long t1 = T0.plusMinutes(12).toInstant(ZoneOffset.UTC).toEpochMilli() * 1_000_000L;
        TimeRange range = new TimeRange(T0.toInstant(ZoneOffset.UTC).toEpochMilli() * 1_000_000L + 5_000_000_000L, t1);
        for (String by : bys) {
            before.add(query(false, by, Filter.parse("tcp and port 443"), TimeRange.ALL, new ColumnarScan()));
            before.add(query(false, by, Filter.ALL, range, new ColumnarScan()));
        }
        buildAll();
        List<String> after = new ArrayList<>();
        ColumnarScan last = null;
        for (String by : bys) {
            after.add(query(true, by, Filter.parse("tcp and port 443"), TimeRange.ALL, last = new ColumnarScan()));
            after.add(query(true, by, Filter.ALL, range, new ColumnarScan()));
        }
        assertEquals(before, after);
        assertEquals(3, last.sidecarsRead());
        assertEquals(0, last.sidecarsDamaged());
    }

    @Test
    void aDamagedOrStaleSidecarIsRefusedCountedAndItsArchiveReadInstead() throws Exception {
        writeRecording();
        String expected = query(false, "flow", Filter.ALL, TimeRange.ALL, new ColumnarScan());
        buildAll();
        List<RecordingFile> gen = archives("gen");
        Path flipped = ColumnBuild.sidecarOf(gen.get(1));
        byte[] b = Files.readAllBytes(flipped);
        b[b.length / 2] ^= 0x10;
        Files.write(flipped, b);
        Path cut = ColumnBuild.sidecarOf(gen.get(0));
        byte[] c = Files.readAllBytes(cut);
        Files.write(cut, java.util.Arrays.copyOf(c, c.length - 5));
        assertThrows(DamagedColumnsException.class, () -> ColumnReader.open(flipped, Files.size(gen.get(1).path())));
        assertThrows(DamagedColumnsException.class, () -> ColumnReader.open(cut, Files.size(gen.get(0).path())));
        Path sound = ColumnBuild.sidecarOf(gen.get(2));
        assertTrue(assertThrows(DamagedColumnsException.class, () -> ColumnReader.open(sound, 1)).getMessage()
                .contains("built for an archive of"), "a sidecar of another archive is stale");

        ColumnarScan scan = new ColumnarScan();
        assertEquals(expected, query(true, "flow", Filter.ALL, TimeRange.ALL, scan));
        assertEquals(2, scan.sidecarsDamaged());
        assertEquals(1, scan.sidecarsRead());
    }

    @Test
    void theRecorderServiceBuildsASidecarForEachRecoveredFlowArchiveAndCountsOthers() throws Exception {
        writeRecording();
        org.nsr.metrics.Metrics metrics = new org.nsr.metrics.Metrics();
        ColumnSidecars service = new ColumnSidecars(metrics);
        service.startAsync().awaitRunning();
        for (RecordingFile f : RecordingIndex.scan(dir).allFiles()) {
            service.onFileEvent(new org.nsr.sink.FileEvent.FileArchived(f.source(), f.path(), f.name(), true));
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (counter(metrics, "nsr_columns_built_total") + counter(metrics, "nsr_columns_skipped_total") < 4
                && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // polling with a deadline
        }
        service.stopAsync().awaitTerminated(java.time.Duration.ofSeconds(30));
        assertEquals(3, counter(metrics, "nsr_columns_built_total"));
        assertEquals(1, counter(metrics, "nsr_columns_skipped_total"));
        for (RecordingFile f : archives("gen")) {
            assertEquals(Files.size(f.path()) > 0, Files.isRegularFile(ColumnBuild.sidecarOf(f)));
        }
    }

    private static long counter(org.nsr.metrics.Metrics metrics, String name) {
        return metrics.counter(name, "").get();
    }

    @Test
    void replayFiltersSkipOnlyArchivesWhoseSidecarHoldsNoMatchingFlow() throws Exception {
        writeRecording();
        buildAll();
        List<RecordingFile> gen = archives("gen");
        byte[] last = lines.get(lines.size() - 1).getBytes(StandardCharsets.UTF_8);
        GeneratorFlowLine.Line l = GeneratorFlowLine.decode(last, 0, last.length);
        String host = org.nsr.record.codec.Ipv4.dotted(l.srcIp());
        for (String expr : List.of("src host " + host + " and dst port " + l.dstPort(), "tcp and port 443",
                "host 172.31.9.9")) {
            Filter filter = Filter.parse(expr);
            ColumnPruning pruning = new ColumnPruning();
            RecordingIndex pruned = pruning.prune(RecordingIndex.scan(dir), filter, TimeRange.ALL);
            int offset = 0;
            for (int f = 0; f < gen.size(); f++) {
                int size = new int[] {1000, 70_000, 3}[f];
                boolean matches = false;
                for (String line : lines.subList(offset, offset + size)) {
                    byte[] b = line.getBytes(StandardCharsets.UTF_8);
                    GeneratorFlowLine.Line x = GeneratorFlowLine.decode(b, 0, b.length);
                    matches |= filter.matches(x.srcIp(), x.dstIp(), x.srcPort(), x.dstPort(), x.protocol(), x.packets(),
                            x.bytes());
                }
                offset += size;
                Path p = gen.get(f).path();
                boolean kept = pruned.files("gen").stream().anyMatch(k -> k.path().equals(p));
                assertTrue(kept || !matches, expr + ": an archive with a matching flow is read: " + p);
                if (matches) {
                    assertTrue(kept, expr);
                }
            }
            assertFalse(pruned.files("gen").isEmpty(), "a source keeps a file");
            assertEquals(0, pruning.damaged());
        }
        assertTrue(new ColumnPruning().prune(RecordingIndex.scan(dir), Filter.parse("host 172.31.9.9"), TimeRange.ALL)
                .files("gen").size() < gen.size(), "a filter no flow matches leaves archives unread");
    }
}
