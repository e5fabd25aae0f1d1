package org.nsr.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.archive.ArchiveReader;
import org.nsr.archive.RetentionChecker;
import org.nsr.config.RecorderConfig;
import org.nsr.config.RecorderConfig.ConfiguredSource;
import org.nsr.config.RecorderConfigLoader;
import org.nsr.index.IndexKind;
import org.nsr.index.Lookup;
import org.nsr.layout.FileFacts;
import org.nsr.metrics.Metrics;
import org.nsr.record.codec.Ipv4;
import org.nsr.sink.FileEvents;
import org.nsr.source.gen.FlowRecord;
import org.nsr.testing.MutableClock;
import org.nsr.testing.Recordings;
import org.nsr.testing.ScriptedSource;

/**
 * Storage classes on a real recorder writing real files: routing by precedence, the cutoff's counts
 * (metric, file facts, written lines), each class's retention, and lookups across the classes.
 */
class StorageClassesRecordingTest {
    /**
     * Two seconds ahead, on a second: three one-second files of 100 records each, written as the clock
     * reaches them (records of a past slot would be written into whatever file is open, as late).
     */
    private long t0;

    private String stamp(int second) {
        return org.nsr.layout.RecordingFileName.STAMP_FORMAT.format(java.time.LocalDateTime.ofInstant(
                Instant.ofEpochSecond(t0 / 1_000_000_000L + second), java.time.ZoneOffset.UTC));
    }
    private static final int RECORDS = 300;
    private static final int CUTOFF = 5;

    @TempDir
    Path tmp;

    private RecorderConfig config(Path out, String classes) throws Exception {
        RecorderConfig cfg = RecorderConfigLoader.parse(RecorderConfigLoader.parseYaml("""
                Recorder:
                  data:
                    storage_interval: "1s"
                    output_dir: "%s"
                    file_timezone: "UTC"
                    retention: {max_age: "10d"}
                %s    sources:
                      - {name: flows, type: generator, rate: 1}
                """.formatted(out, classes), "test"), null, tmp, BuiltInSourceTypes.registry());
        // the same settings with a source that plays the test's flows
        t0 = (System.currentTimeMillis() / 1000 + 2) * 1_000_000_000L;
        return cfg.withSources(List.of(new ConfiguredSource(new ScriptedSource("flows", (ch, stop) -> {
            for (int i = 0; i < RECORDS; i++) {
                ch.put(record(i));
            }
            while (!stop.await(Duration.ofSeconds(1))) {
                // played once: a source that returned would be started again
            }
        }), 1000, 1 << 20)));
    }

    private static final String CLASSES = """
                classes:
                  - {name: default, retention: {max_age: "30d"}}
                  - {name: dns, match: {protocol: udp, port: 53}, precedence: 10, cutoff: %d, retention: {max_age: "2d"}}
                  - {name: web, match: {protocol: tcp, dst_port: 443}, precedence: 5}
            """.formatted(CUTOFF);

    private static int ip(String dotted) {
        return (int) Ipv4.parseDotted(dotted);
    }

    /** Record i: every third a DNS flow (two connections, both directions), then web, then ICMP. */
    private FlowRecord record(int i) {
        long ts = t0 + i * 10_000_000L;
        int j = i / 3;
        int port = 40000 + j % 2;
        boolean answer = j % 4 >= 2;
        return switch (i % 3) {
            case 0 -> answer ? new FlowRecord(0, i, ts, ip("10.0.0.1"), ip("10.0.0.5"), 53, port, 17, 1, 80)
                    : new FlowRecord(0, i, ts, ip("10.0.0.5"), ip("10.0.0.1"), port, 53, 17, 1, 60);
            case 1 -> new FlowRecord(0, i, ts, ip("192.168.1." + (i % 7)), ip("8.8.8.8"), 5000, 443, 6, 3, 900);
            default -> new FlowRecord(0, i, ts, ip("10.1.1.1"), ip("10.2.2.2"), 8, 0, 1, 1, 64);
        };
    }

    private Recorder record(RecorderConfig cfg, Metrics metrics) throws Exception {
        Recorder recorder = new Recorder(cfg, Clock.systemUTC(), metrics);
        recorder.start();
        org.nsr.testing.JarProcess.awaitCondition("every record written", 30,
                () -> metrics.sum("nsr_class_records_total") + metrics.value("nsr_queue_accepted_total", "queue",
                        "flows") >= RECORDS);
        org.nsr.testing.JarProcess.awaitCondition("the last chunk taken by the writers", 30,
                () -> metrics.sum("nsr_writer_records_total") + metrics.sum("nsr_class_cutoff_records_total")
                        >= RECORDS);
        assertTrue(recorder.stop(Duration.ofSeconds(60)), "stop drains everything");
        return recorder;
    }

    /** The archives (each also has its column sidecar, which retention deletes with it: checked here). */
    private static List<String> names(Path dir) throws Exception {
        List<String> all;
        try (Stream<Path> s = Files.list(dir)) {
            all = s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        }
        List<String> zips = all.stream().filter(n -> n.endsWith("_json.zip")).toList();
        for (String n : all) {
            if (n.endsWith(".cols")) {
                String archive = n.substring(0, n.length() - ".cols".length()) + "_json.zip";
                assertTrue(zips.contains(archive), "a sidecar outlives its archive: " + all);
            }
        }
        return zips;
    }

    @Test
    void eachRecordGoesToItsClassesFilesAndTheCutoffIsCountedNotSilentlyDropped() throws Exception {
        Path out = tmp.resolve("out");
        Metrics metrics = new Metrics();
        Recorder recorder = record(config(out, CLASSES), metrics);

        List<String> expected = new ArrayList<>();
        for (int sec = 0; sec < 3; sec++) {
            for (String stream : List.of("flows+dns", "flows+web", "flows")) {
                expected.add(stamp(sec) + "_" + stream + "_json.zip");
            }
        }
        assertEquals(expected, names(out),
                "one file set per class; the catch-all keeps the original names");
        // expected cutoff per file: the first CUTOFF records of each DNS connection in each second
        Map<String, Integer> perConnection = new HashMap<>();
        Map<Integer, Integer> cutPerSecond = new HashMap<>();
        int dnsKept = 0;
        for (int i = 0; i < RECORDS; i += 3) {
            int second = i / 100;
            int n = perConnection.merge(second + ":" + (i / 3) % 2, 1, Integer::sum);
            if (n <= CUTOFF) {
                dnsKept++;
            } else {
                cutPerSecond.merge(second, 1, Integer::sum);
            }
        }
        long totalCut = cutPerSecond.values().stream().mapToLong(Integer::longValue).sum();
        assertTrue(totalCut > 0);
        int dnsLines = 0;
        int webLines = 0;
        int otherLines = 0;
        for (String name : names(out)) {
            Path zip = out.resolve(name);
            List<String> lines = Recordings.linesOf(zip);
            FileFacts facts = FileFacts.fromComment(ArchiveReader.entryComment(zip));
            int second = List.of(stamp(0), stamp(1), stamp(2)).indexOf(name.substring(0, 19));
            if (name.contains("+dns")) {
                dnsLines += lines.size();
                assertTrue(lines.stream().allMatch(l -> l.contains("\"protocol\":17")), name);
                assertEquals(cutPerSecond.getOrDefault(second, 0).longValue(), facts.cutoffRecords(),
                        name + ": the file's facts count what the cutoff kept out of it: " + ArchiveReader.entryComment(zip)
                        + ", " + lines.size() + " lines, metric " + metrics.value("nsr_class_cutoff_records_total",
                        "source", "flows", "class", "dns"));
            } else if (name.contains("+web")) {
                webLines += lines.size();
                assertTrue(lines.stream().allMatch(l -> l.contains("\"dst_port\":443")), name);
                assertEquals(0, facts.cutoffRecords());
            } else {
                otherLines += lines.size();
                assertTrue(lines.stream().allMatch(l -> l.contains("\"protocol\":1,")), name + ": " + lines.get(0));
            }
        }
        assertEquals(dnsKept, dnsLines);
        assertEquals(RECORDS / 3, webLines);
        assertEquals(RECORDS / 3, otherLines);
        assertEquals(totalCut, metrics.value("nsr_class_cutoff_records_total", "source", "flows", "class", "dns"));
        assertEquals(RECORDS / 3, metrics.value("nsr_class_records_total", "source", "flows", "class", "dns"));
        assertEquals(RECORDS, recorder.watermarks().durable("flows").value(), "the source's own numbers are durable");
        assertEquals(RECORDS, recorder.watermarks().archived("flows").value(), "and archived, over all classes");
    }

    @Test
    void withoutClassesTheNamesAndFilesAreTodays() throws Exception {
        Path out = tmp.resolve("plain");
        Metrics metrics = new Metrics();
        record(config(out, ""), metrics);
        assertEquals(List.of(stamp(0) + "_flows_json.zip", stamp(1) + "_flows_json.zip",
                stamp(2) + "_flows_json.zip"), names(out));
        assertEquals(RECORDS, Recordings.archivedLines(out).size());
        assertTrue(metrics.seriesOf("nsr_class_records_total").isEmpty(), "no routing at all");
    }

    @Test
    void eachClassKeepsItsOwnRetentionAndTheRecordersAppliesToClassesWithoutOne() throws Exception {
        Path out = tmp.resolve("out");
        RecorderConfig cfg = config(out, CLASSES);
        record(cfg, new Metrics());
        MutableClock clock = new MutableClock(Instant.now());
        Metrics metrics = new Metrics();
        RetentionChecker.class.getName(); // the checker applies the same list; here each is applied in turn
        var retentions = RetentionPlan.of(cfg, clock, metrics);
        clock.advance(Duration.ofDays(3));
        for (var r : retentions) {
            r.apply(out);
        }
        List<String> left = names(out);
        assertFalse(left.stream().anyMatch(n -> n.contains("+dns")), "dns keeps 2 days: " + left);
        assertEquals(6, left.size(), "web (the recorder's 10 days) and default (30 days) stay: " + left);
        clock.advance(Duration.ofDays(8));
        for (var r : retentions) {
            r.apply(out);
        }
        left = names(out);
        assertEquals(List.of(stamp(0) + "_flows_json.zip", stamp(1) + "_flows_json.zip",
                stamp(2) + "_flows_json.zip"), left, "after 11 days only the catch-all's 30 days keep files");
        clock.advance(Duration.ofDays(20));
        for (var r : retentions) {
            r.apply(out);
        }
        assertEquals(List.of(), names(out));
        assertEquals(9, metrics.value("nsr_retention_deleted_files_total"));
        new FileEvents(); // retention's deletions are announced by the checker, as without classes
    }

    private static String lookup(Path dir, IndexKind kind, String key, boolean useIndex) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Lookup(dir).run(new Lookup.Query(kind, kind.parse(key), Long.MIN_VALUE, Long.MAX_VALUE, useIndex), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aLookupReadsEveryClassAsOneRecordingAndEqualsAFullScan() throws Exception {
        Path out = tmp.resolve("out");
        record(config(out, CLASSES), new Metrics());
        List<String> keys = new ArrayList<>(List.of("ip 10.0.0.5", "ip 8.8.8.8", "ip 10.1.1.1",
                "connection4 udp 10.0.0.1:53 10.0.0.5:40000", "connection2 192.168.1.3 8.8.8.8"));
        Random random = new Random(11);
        for (int k = 0; k < 5; k++) {
            keys.add("ip 192.168.1." + random.nextInt(7));
        }
        for (String spec : keys) {
            int sp = spec.indexOf(' ');
            IndexKind kind = IndexKind.byName(spec.substring(0, sp));
            String key = spec.substring(sp + 1);
            String indexed = lookup(out, kind, key, true);
            assertEquals(lookup(out, kind, key, false), indexed, spec + ": the index answers as a full scan does");
            assertFalse(indexed.isEmpty(), spec);
            long[] times = indexed.lines().mapToLong(l -> Long.parseLong(l.replaceAll(".*\"timestamp\":(\\d+).*", "$1")))
                    .toArray();
            for (int i = 1; i < times.length; i++) {
                assertTrue(times[i - 1] <= times[i], spec + ": in time order across the classes' files");
            }
        }
        // a key of two classes: 10.0.0.5 has DNS flows (dns) only; 10.x ICMP is the catch-all's
        assertTrue(lookup(out, IndexKind.byName("ip"), "10.0.0.5", true).lines().allMatch(l -> l.contains("\"protocol\":17")));
    }
}
