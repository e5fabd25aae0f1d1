package org.nsr.replay.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.archive.ArchiveReader;
import org.nsr.config.ConfigException;
import org.nsr.metrics.Metrics;
import org.nsr.replay.ReadSelection;
import org.nsr.replay.ReadStats;
import org.nsr.replay.RecordMerger;
import org.nsr.replay.RecordView;
import org.nsr.replay.RecordingIndex;
import org.nsr.replay.TimeRange;
import org.nsr.testing.RecordingWriter;
import org.nsr.record.codec.Ipv4;

class FlowAggregatorTest {
    static final LocalDateTime T0 = LocalDateTime.of(2025, 8, 22, 10, 0, 0);
    static final long T0_MS = T0.toInstant(ZoneOffset.UTC).toEpochMilli();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    final List<String> allLines = new ArrayList<>();

    /** Generator flows over three hours in 20-minute files, plus NDTwin polls in the first hour. */
    private void writeRecording() throws Exception {
        Random rnd = new Random(11);
        String[] srcs = {"192.168.1.10", "192.168.1.11", "10.1.2.3", "172.16.0.9"};
        String[] dsts = {"10.0.0.1", "10.0.0.2", "8.8.8.8"};
        int[] protos = {6, 17, 1};
        for (int f = 0; f < 9; f++) {
            List<String> lines = new ArrayList<>();
            long ns = (T0_MS + f * 1_200_000L) * 1_000_000L;
            for (int i = 0; i < 400; i++) {
                ns += rnd.nextInt(2_000_000_000);
                lines.add(RecordingWriter.generatorLine(i % 8, ns, srcs[rnd.nextInt(srcs.length)],
                        dsts[rnd.nextInt(dsts.length)], 1024 + rnd.nextInt(3), rnd.nextBoolean() ? 443 : 53,
                        protos[rnd.nextInt(protos.length)], 1 + rnd.nextInt(50), 64 + rnd.nextInt(100_000)));
            }
            allLines.addAll(lines);
            RecordingWriter.writeZip(dir, T0.plusMinutes(20L * f), "gen", lines);
        }
        long[] ipsLe = {16885952L, 1359063232L, 33663168L};
        List<String> polls = new ArrayList<>();
        for (int s = 0; s < 30; s++) {
            List<String> flows = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                if (rnd.nextInt(4) == 0) {
                    continue; // not every poll lists every flow
                }
                flows.add(RecordingWriter.ndtwinFlow(ipsLe[k], ipsLe[(k + 1) % 3], 5201, 40000 + k, k == 2 ? 17 : 6,
                        rnd.nextInt(1_000_000_000), rnd.nextInt(90_000)));
            }
            polls.add(RecordingWriter.flowinfoLine(T0_MS + s * 1000L, "[" + String.join(",", flows) + "]"));
        }
        allLines.addAll(polls);
        RecordingWriter.writeZip(dir, T0, "flowinfo", polls);
        RecordingWriter.writeZip(dir, T0, "graphinfo", List.of(RecordingWriter.graphinfoLine(T0_MS, "[]", "[]")));
    }

    private FlowAggregator aggregate(Grouping g, FlowFilter filter, TimeRange range) throws ConfigException {
        FlowAggregator agg = new FlowAggregator(g, filter, 1_000_000);
        try (RecordMerger m = new RecordMerger(RecordingIndex.scan(dir), new ReadSelection(Set.of(), range),
                new ArchiveReader(), new ReadStats(new Metrics()))) {
            RecordView r;
            while ((r = m.next()) != null) {
                agg.accept(r);
            }
        }
        return agg;
    }

    private static long ip(String dotted) {
        return Ipv4.parseDotted(dotted);
    }

    /** Brute force with a full JSON parse of every line. */
    private Map<List<Object>, long[]> bruteForceVolumes(boolean byHour, boolean byProto, FlowFilter filter,
            TimeRange range) throws Exception {
        Map<List<Object>, long[]> expected = new HashMap<>();
        for (String line : allLines) {
            JsonNode n = JSON.readTree(line);
            if (!n.has("byte_count")) {
                continue;
            }
            long ts = n.get("timestamp").asLong();
            if (!range.contains(ts)) {
                continue;
            }
            int src = (int) ip(n.get("src_ip").asText());
            int dst = (int) ip(n.get("dst_ip").asText());
            int proto = n.get("protocol").asInt();
            if (!filter.matches(src, dst, n.get("src_port").asInt(), n.get("dst_port").asInt(), proto)) {
                continue;
            }
            List<Object> key = List.of(byHour ? ts / 3_600_000_000_000L : -1L, src, dst, byProto ? proto : -1);
            long[] v = expected.computeIfAbsent(key, k -> new long[3]);
            v[0]++;
            v[1] += n.get("packet_count").asLong();
            v[2] += n.get("byte_count").asLong();
        }
        return expected;
    }

    private static Map<List<Object>, long[]> actual(FlowAggregator agg) {
        Map<List<Object>, long[]> out = new HashMap<>();
        agg.volumes().forEach((k, v) -> out.put(List.of(k.hour(), k.src(), k.dst(), k.protocol()),
                new long[] {v.flows, v.packets, v.bytes}));
        return out;
    }

    private static void assertSameVolumes(Map<List<Object>, long[]> expected, Map<List<Object>, long[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((k, v) -> assertEquals(List.of(v[0], v[1], v[2]),
                List.of(actual.get(k)[0], actual.get(k)[1], actual.get(k)[2]), k.toString()));
    }

    @Test
    void generatorVolumesByHourAndFlowMatchABruteForceSum() throws Exception {
        writeRecording();
        FlowAggregator agg = aggregate(Grouping.parse("hour,flow"), FlowFilter.NONE, TimeRange.ALL);
        assertSameVolumes(bruteForceVolumes(true, false, FlowFilter.NONE, TimeRange.ALL), actual(agg));
        assertEquals(3600, agg.generatorFlows());
        assertEquals(1, agg.notAggregated(), "the graph record");
    }

    @Test
    void filtersOnSubnetPortProtocolAndTimeMatchABruteForceSum() throws Exception {
        writeRecording();
        FlowFilter filter = FlowFilter.parse("udp", "192.168.0.0/16", "53");
        TimeRange range = new TimeRange((T0_MS + 1_200_000L) * 1_000_000L, (T0_MS + 7_200_000L) * 1_000_000L);
        FlowAggregator agg = aggregate(Grouping.parse("flow-proto"), filter, range);
        Map<List<Object>, long[]> expected = bruteForceVolumes(false, true, filter, range);
        assertTrue(!expected.isEmpty());
        assertSameVolumes(expected, actual(agg));
    }

    @Test
    void ndtwinRatesAreAveragedOverThePollsThatListedTheFlowAndMaxed() throws Exception {
        writeRecording();
        FlowAggregator agg = aggregate(Grouping.parse("flow-proto"), FlowFilter.NONE, TimeRange.ALL);
        Map<List<Object>, double[]> expected = new HashMap<>();
        for (String line : allLines) {
            JsonNode n = JSON.readTree(line);
            if (!n.has("flowinfo")) {
                continue;
            }
            for (JsonNode flow : n.get("flowinfo")) {
                List<Object> key = List.of(-1L, Ipv4.fromNdtwin(flow.get("src_ip").asLong()),
                        Ipv4.fromNdtwin(flow.get("dst_ip").asLong()), flow.get("protocol_id").asInt());
                double[] e = expected.computeIfAbsent(key, k -> new double[5]);
                double bps = flow.get("estimated_flow_sending_rate_bps_in_the_last_sec").asDouble();
                double pps = flow.get("estimated_packet_rate_in_the_last_sec").asDouble();
                e[0]++;
                e[1] += bps;
                e[2] = Math.max(e[2], bps);
                e[3] += pps;
                e[4] = Math.max(e[4], pps);
            }
        }
        assertEquals(3, expected.size());
        assertEquals(expected.size(), agg.rates().size());
        agg.rates().forEach((k, r) -> {
            double[] e = expected.get(List.of(k.hour(), k.src(), k.dst(), k.protocol()));
            assertEquals(e[0], r.samples);
            assertEquals(e[1] / e[0], r.avgBps(), 1e-6);
            assertEquals(e[2], r.maxBps);
            assertEquals(e[3] / e[0], r.avgPps(), 1e-6);
            assertEquals(e[4], r.maxPps);
        });
        assertTrue(agg.rates().keySet().stream().anyMatch(k -> Ipv4.dotted(k.src()).equals("192.168.1.1")),
                "16885952 is 192.168.1.1");
    }

    @Test
    void topNAndJsonOutputCarryTheScanCounts() throws Exception {
        writeRecording();
        FlowAggregator agg = aggregate(Grouping.parse("flow"), FlowFilter.NONE, TimeRange.ALL);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new QueryReport(agg, 11, 2, QueryReport.TopBy.BYTES).print(QueryReport.Format.JSON,
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        JsonNode report = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals(11, report.get("files_scanned").asInt());
        assertEquals(3600 + 30 + 1, report.get("records_scanned").asInt());
        assertEquals(2, report.get("generator").size());
        long best = agg.volumes().values().stream().mapToLong(v -> v.bytes).max().orElseThrow();
        assertEquals(best, report.get("generator").get(0).get("bytes").asLong());
        assertTrue(report.get("generator").get(0).get("src").asText().contains("."));
    }

    private String text(String by) throws Exception {
        FlowAggregator agg = aggregate(Grouping.parse(by), FlowFilter.NONE, TimeRange.ALL);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new QueryReport(agg, 11, 3, QueryReport.TopBy.BYTES).print(QueryReport.Format.TEXT,
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The header line after the table title, and the first data row, split into cells. */
    private static List<List<String>> headerAndFirstRow(String text, String title) {
        List<String> lines = List.of(text.split("\n"));
        int t = 0;
        while (!lines.get(t).startsWith(title)) {
            t++;
        }
        return List.of(List.of(lines.get(t + 1).trim().split(" +")), List.of(lines.get(t + 2).trim().split(" +")));
    }

    @Test
    void textTablesShowOnlyTheKeyColumnsOfTheGrouping() throws Exception {
        writeRecording();
        List<List<String>> byFlow = headerAndFirstRow(text("flow"), "generator flows");
        assertEquals(List.of("src", "dst", "flows", "packets", "bytes"), byFlow.get(0));
        assertEquals(5, byFlow.get(1).size(), byFlow.get(1).toString());
        List<List<String>> rates = headerAndFirstRow(text("flow"), "ndtwin flow rates");
        assertEquals(List.of("src", "dst", "samples", "avg_bps", "max_bps", "avg_pps", "max_pps"), rates.get(0));
        assertEquals(7, rates.get(1).size(), rates.get(1).toString());

        List<List<String>> byHour = headerAndFirstRow(text("hour"), "generator flows");
        assertEquals(List.of("hour", "flows", "packets", "bytes"), byHour.get(0));
        assertTrue(byHour.get(1).get(0).endsWith(":00:00Z"), byHour.get(1).toString());
        assertEquals(4, byHour.get(1).size());

        List<List<String>> all = headerAndFirstRow(text("hour,flow-proto"), "generator flows");
        assertEquals(List.of("hour", "src", "dst", "proto", "flows", "packets", "bytes"), all.get(0));
        assertEquals(7, all.get(1).size(), all.get(1).toString());
    }

    @Test
    void malformedFiltersNameTheOption() {
        assertTrue(assertThrows(ConfigException.class, () -> FlowFilter.parse("tcpx", null, null)).getMessage()
                .startsWith("--protocol: 'tcpx'"));
        assertTrue(assertThrows(ConfigException.class, () -> FlowFilter.parse(null, "10.0.0.0/33", null)).getMessage()
                .startsWith("--ip: '10.0.0.0/33'"));
        assertTrue(assertThrows(ConfigException.class, () -> FlowFilter.parse(null, "10.0.0", null)).getMessage()
                .startsWith("--ip: '10.0.0'"));
        assertTrue(assertThrows(ConfigException.class, () -> FlowFilter.parse(null, null, "70000")).getMessage()
                .startsWith("--port: '70000'"));
        assertTrue(assertThrows(ConfigException.class, () -> Grouping.parse("day")).getMessage().startsWith("--by: 'day'"));
    }

    @Test
    void groupsBeyondTheLimitSpillToDiskAndTheMergedAnswerEqualsTheInMemoryOne() throws Exception {
        writeRecording();
        for (String by : List.of("flow", "hour,flow-proto", "ip", "port", "src_port,dst_port,proto", "ip,port")) {
            FlowAggregator inMemory = aggregate(Grouping.parse(by), FlowFilter.NONE, TimeRange.ALL);
            FlowAggregator spilling = new FlowAggregator(Grouping.parse(by), FlowFilter.NONE,
                    org.nsr.filter.Filter.ALL, 3, dir.resolve("spill"));
            try (RecordMerger m = new RecordMerger(RecordingIndex.scan(dir), new ReadSelection(Set.of(), TimeRange.ALL),
                    new ArchiveReader(), new ReadStats(new Metrics()))) {
                RecordView r;
                while ((r = m.next()) != null) {
                    spilling.accept(r);
                }
            }
            assertTrue(spilling.spills() > 0 || inMemory.volumes().size() <= 11, by);
            Map<GroupKey, FlowAggregator.Volume> a = inMemory.volumes();
            Map<GroupKey, FlowAggregator.Volume> b = spilling.volumes();
            assertEquals(a.keySet(), b.keySet(), by);
            a.forEach((k, v) -> assertEquals(List.of(v.flows, v.packets, v.bytes, v.firstNanos, v.lastNanos),
                    List.of(b.get(k).flows, b.get(k).packets, b.get(k).bytes, b.get(k).firstNanos, b.get(k).lastNanos),
                    by + " " + k));
            assertEquals(inMemory.rates().keySet(), spilling.rates().keySet(), by);
            QueryReport top = new QueryReport(spilling, 0, 5, QueryReport.TopBy.BYTES);
            assertEquals(new QueryReport(inMemory, 0, 5, QueryReport.TopBy.BYTES).topVolumes().stream()
                    .map(e -> e.getKey()).toList(), top.topVolumes().stream().map(e -> e.getKey()).toList(), by);
            spilling.close();
            inMemory.close();
        }
        try (var left = java.nio.file.Files.list(dir.resolve("spill"))) {
            assertEquals(0, left.count(), "spill files are removed on close");
        }
    }
}
