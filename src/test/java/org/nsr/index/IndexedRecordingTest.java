package org.nsr.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.app.BuiltInSourceTypes;
import org.nsr.app.Recorder;
import org.nsr.archive.ArchiveReader;
import org.nsr.archive.LineSource;
import org.nsr.config.RecorderConfig;
import org.nsr.config.RecorderConfigLoader;
import org.nsr.metrics.Metrics;
import org.nsr.record.codec.FlowView;
import org.nsr.record.codec.JsonScan;
import org.nsr.sim.NdtwinSimulator;

class IndexedRecordingTest {
    @TempDir
    Path dir;

    /** Flows of the recording as (kind, key) pairs to look up. */
    static List<byte[][]> sampleKeys(Path dir, Random rnd, int n) throws Exception {
        List<byte[][]> out = new ArrayList<>();
        FlowView view = new FlowView();
        List<int[]> flows = new ArrayList<>();
        for (RecordingFiles.File f : RecordingFiles.list(dir).byName().values()) {
            try (LineSource in = new ArchiveReader().open(f.path())) {
                while (in.next()) {
                    long ts = JsonScan.timestampNanos(in.array(), in.offset(), in.length());
                    view.visit(in.array(), in.offset(), in.length(), ts, fl -> flows.add(new int[] {fl.protocol(),
                            fl.srcIp(), fl.srcPort(), fl.dstIp(), fl.dstPort()}));
                }
            }
        }
        for (int i = 0; i < n && !flows.isEmpty(); i++) {
            int[] fl = flows.get(rnd.nextInt(flows.size()));
            IndexKind kind = IndexKind.values()[rnd.nextInt(IndexKind.values().length)];
            byte[] k = new byte[kind.width()];
            List<byte[]> keys = new ArrayList<>();
            boolean reverse = rnd.nextBoolean(); // direction must not matter
            if (reverse) {
                kind.keys(fl[0], fl[3], fl[4], fl[1], fl[2], k, key -> keys.add(key.clone()));
            } else {
                kind.keys(fl[0], fl[1], fl[2], fl[3], fl[4], k, key -> keys.add(key.clone()));
            }
            out.add(new byte[][] {{(byte) kind.ordinal()}, keys.get(rnd.nextInt(keys.size()))});
        }
        return out;
    }

    static String lookup(Path dir, IndexKind kind, byte[] key, long from, long to, boolean useIndex) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Lookup(dir).run(new Lookup.Query(kind, key, from, to, useIndex), out);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void aRecordingIsIndexedWhileRecordingAndLookupsEqualFullScansOnRandomKeys() throws Exception {
        Metrics metrics = new Metrics();
        try (NdtwinSimulator sim = NdtwinSimulator.builder().seed(5).build().start(0)) {
            String yaml = """
                    Recorder:
                      data:
                        ndtwin_kernel: "%s"
                        request_interval: "200ms"
                        storage_interval: "1s"
                        file_timezone: "UTC"
                        output_dir: "%s"
                        index: {keys: [connection4, connection3, connection2, ip], inactivity_timeout: "1s", merge_fanout: 3}
                        sources:
                          - name: flowinfo
                            type: http
                            path: /ndt/get_detected_flow_data
                          - name: flows
                            type: generator
                            threads: 1
                            rate: 300
                    """.formatted(sim.url(), dir.toString().replace("\\", "/"));
            RecorderConfig config = RecorderConfigLoader.parse(RecorderConfigLoader.parseYaml(yaml, "test.yaml"), null,
                    dir, BuiltInSourceTypes.registry());
            Recorder recorder = new Recorder(config, Clock.systemUTC(), metrics);
            recorder.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (metrics.value("nsr_writer_files_total", "source", "flows") < 5
                    || metrics.value("nsr_writer_files_total", "source", "flowinfo") < 5) {
                assertTrue(System.nanoTime() < deadline, "the recorder did not rotate 5 files per source in 40 s");
                Thread.sleep(20); // polling a counter with a deadline
            }
            assertTrue(recorder.stop(Duration.ofSeconds(30)), "recorder stopped and archived everything");
        }
        IndexCheck.Report report = IndexCheck.check(dir);
        assertTrue(report.ok(), report.faults().toString());
        assertTrue(report.files() > 0, "index files were written");
        for (IndexKind k : IndexKind.values()) {
            assertEquals(List.of(), new Lookup(dir).notCovered(k), "every file is covered by " + k.configName());
        }
        assertTrue(metrics.value("nsr_index_flows_total", "source", "flows") > 0, "the live feed read flows");

        Random rnd = new Random(11);
        for (byte[][] sample : sampleKeys(dir, rnd, 40)) {
            IndexKind kind = IndexKind.values()[sample[0][0]];
            String indexed = lookup(dir, kind, sample[1], Long.MIN_VALUE, Long.MAX_VALUE, true);
            String scanned = lookup(dir, kind, sample[1], Long.MIN_VALUE, Long.MAX_VALUE, false);
            assertTrue(!scanned.isEmpty(), "a recorded key has records: " + kind.format(sample[1]));
            if (!scanned.equals(indexed)) {
                List<Interval> ivs = new Lookup(dir).intervals(kind, sample[1], Long.MIN_VALUE, Long.MAX_VALUE);
                throw new AssertionError(kind.format(sample[1]) + ": full scan " + scanned.lines().count()
                        + " lines, index " + indexed.lines().count() + "; intervals " + ivs + "; last scanned "
                        + scanned.lines().reduce((a, b) -> b).orElse("").substring(0, 40) + "; files "
                        + RecordingFiles.list(dir).byName().keySet());
            }
        }
        byte[] absent = IndexKind.CONNECTION4.parse("tcp 1.2.3.4:1 5.6.7.8:2");
        assertEquals("", lookup(dir, IndexKind.CONNECTION4, absent, Long.MIN_VALUE, Long.MAX_VALUE, true));
    }
}
