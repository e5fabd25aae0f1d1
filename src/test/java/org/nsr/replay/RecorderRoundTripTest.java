package org.nsr.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.archive.ArchiveReader;
import org.nsr.config.RecorderConfig;
import org.nsr.config.RecorderConfigLoader;
import org.nsr.app.BuiltInSourceTypes;
import org.nsr.app.Recorder;
import org.nsr.metrics.Metrics;
import org.nsr.replay.verify.RecordingVerifier;
import org.nsr.sim.NdtwinSimulator;
import org.nsr.layout.FileStage;

/** The real recorder (simulator + generator) writes a recording; replay gives every record back in order. */
class RecorderRoundTripTest {
    private static final List<String> SOURCES = List.of("flowinfo", "graphinfo", "flows");

    @TempDir
    Path dir;

    @Test
    void everyRecordTheRecorderWroteIsReplayedOnceInTimestampOrder() throws Exception {
        Metrics metrics = new Metrics();
        try (NdtwinSimulator sim = NdtwinSimulator.builder().seed(3).build().start(0)) {
            String yaml = """
                    Recorder:
                      data:
                        ndtwin_kernel: "%s"
                        request_interval: "200ms"
                        storage_interval: "1s"
                        file_timezone: "UTC"
                        output_dir: "%s"
                        sources:
                          - name: flowinfo
                            type: http
                            path: /ndt/get_detected_flow_data
                          - name: graphinfo
                            type: http
                            path: /ndt/get_graph_data
                            wrap: merge
                          - name: flows
                            type: generator
                            threads: 2
                            rate: 500
                    """.formatted(sim.url(), dir.toString().replace("\\", "/"));
            RecorderConfig config = RecorderConfigLoader.parse(RecorderConfigLoader.parseYaml(yaml, "test.yaml"), null, dir,
                    BuiltInSourceTypes.registry());
            Recorder recorder = new Recorder(config, Clock.systemUTC(), metrics);
            recorder.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (SOURCES.stream().anyMatch(s -> metrics.value("nsr_writer_files_total", "source", s) < 3)) {
                assertTrue(System.nanoTime() < deadline, "the recorder did not rotate 3 files per source in 30 s");
                Thread.sleep(20); // polling a counter with a deadline
            }
            assertTrue(recorder.stop(Duration.ofSeconds(30)), "recorder stopped and archived everything");
        }

        // what is on disk, read with the JDK's zip reader, file by file
        RecordingIndex index = RecordingIndex.scan(dir);
        assertEquals(Set.copyOf(SOURCES), Set.copyOf(index.sources()));
        Map<String, List<String>> onDisk = new HashMap<>();
        long written = 0;
        for (String s : SOURCES) {
            List<String> lines = new ArrayList<>();
            for (RecordingFile f : index.files(s)) {
                assertEquals(FileStage.ARCHIVED, f.stage(), f.toString());
                try (ZipFile zip = new ZipFile(f.path().toFile())) {
                    ZipEntry e = zip.entries().nextElement();
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(zip.getInputStream(e),
                            StandardCharsets.UTF_8))) {
                        r.lines().forEach(lines::add);
                    }
                }
            }
            onDisk.put(s, lines);
            assertEquals((long) metrics.value("nsr_writer_records_total", "source", s), lines.size(), s);
            written += lines.size();
        }

        ReadStats stats = new ReadStats(new Metrics());
        Map<String, List<String>> replayed = new HashMap<>();
        long count = 0;
        long decreases = 0;
        long previous = Long.MIN_VALUE;
        try (RecordMerger m = new RecordMerger(index, new ReadSelection(Set.of(), TimeRange.ALL),
                new ArchiveReader(ArchiveReader.Options.defaults().withVerifyCrc(true)), stats)) {
            RecordView r;
            while ((r = m.next()) != null) {
                replayed.computeIfAbsent(r.source(), k -> new ArrayList<>())
                        .add(new String(r.array(), r.offset(), r.length(), StandardCharsets.UTF_8));
                decreases += r.timestampNanos() < previous ? 1 : 0;
                previous = Math.max(previous, r.timestampNanos());
                count++;
            }
        }
        assertEquals(written, count);
        assertEquals(onDisk, replayed, "each source's records in the order recorded");
        long late = SOURCES.stream().mapToLong(s -> (long) metrics.value("nsr_writer_late_records_total", "source", s)).sum();
        assertTrue(decreases <= late, decreases + " decreases, " + late + " late records");
        assertEquals(0, stats.damagedFiles() + stats.badLines());

        RecordingVerifier verifier = new RecordingVerifier(index, false);
        verifier.run();
        assertTrue(verifier.sound(), verifier.errors().toString());
    }
}
