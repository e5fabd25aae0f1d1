package org.nsr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.archive.ExternalTools;
import org.nsr.testing.JarProcess;
import org.nsr.testing.Recordings;

/** The packaged recorder as a subprocess: SIGTERM drains everything; kill -9 then restart recovers. */
class RecorderProcessIT {
    private static final Pattern SUMMARY = Pattern.compile("summary gen: (\\d+) accepted, (\\d+) records written");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private Path config(String flushInterval) throws Exception {
        Path cfg = work.resolve("nsr.yaml");
        Files.writeString(cfg, """
                Recorder:
                  data:
                    storage_interval: "2s"
                    display_on_console: true
                    log_level: "INFO"
                    output_dir: "./out"
                    flush_interval: "%s"
                    stop_timeout: "60s"
                    file_timezone: "UTC"
                    metrics:
                      listen: "127.0.0.1:0"
                    compression:
                      workers: 2
                    sources:
                      - name: gen
                        type: generator
                        threads: 2
                        rate: 20000
                """.formatted(flushInterval));
        return cfg;
    }

    private Path out() {
        return work.resolve("out");
    }

    @Test
    void sigtermWhileRecordsFlowExitsZeroWithEveryAcceptedRecordArchivedExactlyOnce() throws Exception {
        Path cfg = config("1s");
        try (JarProcess nsr = JarProcess.start(work, work.resolve("run.log"), "record", "--config", cfg.toString())) {
            JarProcess.awaitCondition("two archives (one full 2 s slot)", 60,
                    () -> Recordings.files(out(), "_json.zip").size() >= 2);
            JarProcess.awaitCondition("a file being written", 30, () -> Recordings.files(out(), ".json.part")
                    .stream().anyMatch(p -> p.toFile().length() > 0));
            nsr.sigterm();
            assertEquals(0, nsr.awaitExit(90), nsr.output());

            assertEquals(List.of(), Recordings.files(out(), ".part"), "no .part file is left");
            assertEquals(List.of(), Recordings.files(out(), ".json"), "no uncompressed file is left");
            List<String> lines = Recordings.archivedLines(out());
            Matcher m = SUMMARY.matcher(nsr.output());
            assertTrue(m.find(), "summary line missing:\n" + nsr.output());
            long accepted = Long.parseLong(m.group(1));
            assertTrue(accepted > 40_000, "records were flowing for more than 2 s at 20000/s: " + accepted);
            assertEquals(accepted, Long.parseLong(m.group(2)), "written == accepted");
            assertEquals(accepted, lines.size(), "every accepted record is in an archive");
            assertEquals(lines.size(), new HashSet<>(lines).size(), "no record is archived twice");
            for (Path zip : Recordings.files(out(), "_json.zip")) {
                ExternalTools.assertUnzipTestPasses(zip);
            }
            ExternalTools.assertPythonZipfileReads(Recordings.files(out(), "_json.zip").get(0),
                    Recordings.files(out(), "_json.zip").get(0).getFileName().toString()
                            .replace("_json.zip", ".json"));
        }
    }

    @Test
    void killMinus9ThenRestartLeavesOnlyValidArchivesAndLosesAtMostTheFlushInterval() throws Exception {
        Path cfg = config("500ms");
        long killedAtMs;
        try (JarProcess first = JarProcess.start(work, work.resolve("first.log"), "record", "--config", cfg.toString())) {
            JarProcess.awaitCondition("a first archive", 60, () -> !Recordings.files(out(), "_json.zip").isEmpty());
            JarProcess.awaitCondition("a .json.part with data", 30, () -> Recordings.files(out(), ".json.part")
                    .stream().anyMatch(p -> p.toFile().length() > 0));
            first.sigkill();
            first.awaitExit(30);
            killedAtMs = System.currentTimeMillis();
        }
        assertTrue(!Recordings.files(out(), ".json.part").isEmpty(), "the kill left a file half written");

        long restartedAtMs = System.currentTimeMillis();
        try (JarProcess second = JarProcess.start(work, work.resolve("second.log"), "record", "--config",
                cfg.toString(), "--run-for", "3s")) {
            assertEquals(0, second.awaitExit(90), second.output());
        }
        assertEquals(List.of(), Recordings.files(out(), ".part"), "recovery left no .part file");
        assertEquals(List.of(), Recordings.files(out(), ".json"), "recovery archived every .json");
        List<String> lines = Recordings.archivedLines(out()); // throws on any unsound archive
        Set<String> unique = new HashSet<>(lines);
        assertEquals(lines.size(), unique.size(), "no record archived twice");

        long newestBeforeKillMs = 0;
        for (String line : lines) {
            JsonNode rec = JSON.readTree(line);
            long ms = rec.get("timestamp").asLong() / 1_000_000; // generator timestamps are ns
            if (ms < restartedAtMs) {
                newestBeforeKillMs = Math.max(newestBeforeKillMs, ms);
            }
        }
        long lostWindowMs = killedAtMs - newestBeforeKillMs;
        // flush_interval 500 ms, plus the chunk window and the writer's poll: at most ~1 s of records lost.
        assertTrue(lostWindowMs < 1_500, "records of the last " + lostWindowMs + " ms before kill -9 were lost");
        assertEquals(List.of(), Recordings.files(out(), ".facts"), "side files go once their archives exist");
        try (JarProcess verify = JarProcess.start(work, work.resolve("verify.log"), "verify", out().toString(),
                "--strict")) {
            assertEquals(0, verify.awaitExit(120), "the recovered recording is sound, late records included:\n"
                    + verify.output());
        }
        for (Path zip : Recordings.files(out(), "_json.zip")) {
            ExternalTools.assertUnzipTestPasses(zip); // last: skipped, not failed, where unzip is missing
        }
    }
}
