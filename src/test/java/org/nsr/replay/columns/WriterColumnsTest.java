package org.nsr.replay.columns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.app.BuiltInSourceTypes;
import org.nsr.app.Recorder;
import org.nsr.config.RecorderConfig;
import org.nsr.config.RecorderConfigLoader;
import org.nsr.layout.RecordingFileName;
import org.nsr.layout.SideFile;
import org.nsr.metrics.Metrics;
import org.nsr.record.LineBuffer;
import org.nsr.record.Record;
import org.nsr.record.codec.GeneratorFlowLine;
import org.nsr.replay.RecordingFile;
import org.nsr.replay.RecordingIndex;
import org.nsr.replay.verify.RecordingVerifier;
import org.nsr.source.gen.FlowRecord;
import org.nsr.testing.RecordingWriter;
import org.nsr.write.FileTap;

/** The recorder's writer writes each flow file's column sidecar as it writes the file; the archive never depends on it. */
class WriterColumnsTest {
    static final LocalDateTime T0 = LocalDateTime.of(2025, 8, 22, 10, 0, 0);

    @TempDir
    Path dir;

    @Test
    void theRecorderPublishesASidecarWithEachFlowArchiveHoldingExactlyItsRecords() throws Exception {
        Metrics metrics = new Metrics();
        String yaml = """
                Recorder:
                  data:
                    ndtwin_kernel: "http://127.0.0.1:9"
                    storage_interval: "1s"
                    file_timezone: "UTC"
                    output_dir: "%s"
                    sources:
                      - name: flows
                        type: generator
                        threads: 2
                        rate: 40000
                """.formatted(dir.toString().replace("\\", "/"));
        RecorderConfig config = RecorderConfigLoader.parse(RecorderConfigLoader.parseYaml(yaml, "test.yaml"), null, dir,
                BuiltInSourceTypes.registry());
        assertTrue(config.ops().columns(), "column sidecars are on by default");
        Recorder recorder = new Recorder(config, Clock.systemUTC(), metrics);
        recorder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (metrics.value("nsr_writer_files_total", "source", "flows") < 3) {
            assertTrue(System.nanoTime() < deadline, "the recorder did not rotate 3 files in 60 s");
            Thread.sleep(20); // polling a counter with a deadline
        }
        assertTrue(recorder.stop(Duration.ofSeconds(30)), "recorder stopped and archived everything");

        RecordingIndex index = RecordingIndex.scan(dir);
        List<RecordingFile> files = index.files("flows");
        assertTrue(files.size() >= 3, files.toString());
        long bound = 0;
        for (RecordingFile f : files) {
            Path cols = ColumnBuild.sidecarOf(f);
            List<String> lines = lines(f.path());
            if (lines.isEmpty()) {
                continue;
            }
            if (!Files.isRegularFile(cols)) {
                continue; // bound at the next start: it must then be pending (checked below)
            }
            bound++;
            ColumnReader r = ColumnReader.open(cols, Files.size(f.path()));
            assertEquals(lines.size(), r.flows(), cols.toString());
            List<long[]> flows = new ArrayList<>();
            r.forEach((t, s, d, sp, dp, p, pk, by) -> flows.add(new long[] {t, s, d, sp, dp, p, pk, by}));
            for (int i = 0; i < lines.size(); i++) {
                byte[] b = lines.get(i).getBytes(StandardCharsets.UTF_8);
                GeneratorFlowLine.Line l = GeneratorFlowLine.decode(b, 0, b.length);
                assertArrayEquals(new long[] {l.timestampNanos(), l.srcIp(), l.dstIp(), l.srcPort(), l.dstPort(),
                    l.protocol(), l.packets(), l.bytes()}, flows.get(i), cols + " flow " + i);
            }
        }
        assertTrue(bound >= 2, "sidecars published with the archives: " + bound);
        assertEquals(bound, metrics.counter("nsr_columns_built_total", "").get());
        assertEquals(0, metrics.counter("nsr_columns_failed_total", "").get());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cols.part"))
                    .toList(), "no sidecar is left half written");
        }
        RecordingVerifier verifier = new RecordingVerifier(index, false);
        verifier.run();
        assertTrue(verifier.sound(), verifier.errors().toString());
    }

    @Test
    void aSidecarThatCannotBeWrittenIsCountedAndLeavesNothing() throws Exception {
        Metrics metrics = new Metrics();
        RecordingFileName name = RecordingWriter.name(T0, "gen");
        Files.createDirectories(SideFile.COLUMNS_WRITING.in(dir, name)); // the sidecar's place is taken
        FileTap.Open open = new ColumnTap(metrics).open(dir, name);
        for (int i = 0; i < 10; i++) {
            open.add(flow(i)); // must not throw: the writer's file goes on
        }
        open.published(10);
        assertEquals(1, metrics.counter("nsr_columns_failed_total", "").get());
        assertFalse(Files.exists(SideFile.COLUMNS_PENDING.in(dir, name)));
    }

    @Test
    void aSidecarWhoseFlowsDoNotMatchTheFileIsNotPublished() throws Exception {
        Metrics metrics = new Metrics();
        RecordingFileName name = RecordingWriter.name(T0, "gen");
        FileTap.Open open = new ColumnTap(metrics).open(dir, name);
        open.add(flow(1));
        open.published(2);
        assertEquals(1, metrics.counter("nsr_columns_failed_total", "").get());
        assertFalse(Files.exists(SideFile.COLUMNS_PENDING.in(dir, name)));
        assertFalse(Files.exists(SideFile.COLUMNS_WRITING.in(dir, name)));
    }

    @Test
    void aFileWithARecordThatIsNotAFlowGetsNoSidecar() throws Exception {
        Metrics metrics = new Metrics();
        RecordingFileName name = RecordingWriter.name(T0, "gen");
        FileTap.Open open = new ColumnTap(metrics).open(dir, name);
        open.add(flow(1));
        open.add(new Record() {
            @Override
            public long timestampNanos() {
                return 5;
            }

            @Override
            public void writeJson(LineBuffer out) {
                out.append((byte) '{');
                out.append((byte) '}');
            }
        });
        open.add(flow(2));
        open.published(3);
        assertEquals(1, metrics.counter("nsr_columns_skipped_total", "").get());
        assertEquals(0, metrics.counter("nsr_columns_failed_total", "").get());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count(), "nothing written beside the file");
        }
    }

    @Test
    void aSidecarLeftPendingIsBoundToItsArchiveAtTheNextStart() throws Exception {
        Metrics metrics = new Metrics();
        RecordingFileName name = RecordingWriter.name(T0, "gen");
        List<String> lines = new ArrayList<>();
        FileTap.Open open = new ColumnTap(metrics).open(dir, name);
        for (int i = 0; i < 100; i++) {
            FlowRecord r = flow(i);
            open.add(r);
            lines.add(r.toString());
        }
        open.published(100);
        Path zip = RecordingWriter.writeZip(dir, T0, "gen", lines);
        assertTrue(Files.exists(SideFile.COLUMNS_PENDING.in(dir, name)));
        ColumnSidecars service = new ColumnSidecars(metrics, dir);
        service.startAsync().awaitRunning();
        service.stopAsync().awaitTerminated(Duration.ofSeconds(30));
        Path cols = SideFile.COLUMNS.in(dir, name);
        assertEquals(100, ColumnReader.open(cols, Files.size(zip)).flows());
        assertFalse(Files.exists(SideFile.COLUMNS_PENDING.in(dir, name)));
        assertEquals(1, metrics.counter("nsr_columns_built_total", "").get());
    }

    private static FlowRecord flow(int i) {
        return new FlowRecord(1, i, 1_700_000_000_000_000_000L + i * 1000L, 0x0A000001 + i, 0xC0A80001, 1000 + i, 443, 6,
                3 + i, 1000L * i + 40);
    }

    private static List<String> lines(Path zip) throws Exception {
        try (ZipFile z = new ZipFile(zip.toFile());
                BufferedReader r = new BufferedReader(new InputStreamReader(z.getInputStream(z.entries().nextElement()),
                        StandardCharsets.UTF_8))) {
            return r.lines().toList();
        }
    }
}
