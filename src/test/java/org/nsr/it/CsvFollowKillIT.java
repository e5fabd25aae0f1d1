package org.nsr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.testing.JarProcess;
import org.nsr.testing.MessyTrafficCsv;
import org.nsr.testing.Recordings;

/**
 * A followed CSV ({@code follow: true}) recorded by the packaged jar, killed with -9 while the file
 * grows, rotated while the recorder is down, and recorded on by a second start: every row is in the
 * archives exactly once.
 */
class CsvFollowKillIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    /** How many times each session ID (one per row) is in the archives; empty while an archive is unreadable. */
    private static Map<String, Integer> archivedSessions(Path out) {
        Map<String, Integer> ids = new HashMap<>();
        try {
            for (String l : Recordings.archivedLines(out)) {
                ids.merge(JSON.readTree(l).get("csv_row").get("session_id").asText(), 1, Integer::sum);
            }
        } catch (Exception e) {
            return Map.of();
        }
        return ids;
    }

    @Test
    void killedWithMinus9AndRotatedWhileDownEveryRowIsArchivedOnceNeitherSkippedNorTwice() throws Exception {
        Path csv = work.resolve("live.csv");
        Path out = work.resolve("out");
        new MessyTrafficCsv().seed(1).mess(0).write(csv, 500);
        AtomicLong written = new AtomicLong(500);
        Path config = work.resolve("r.yaml");
        Files.writeString(config, "Recorder:\n  data:\n    storage_interval: \"2s\"\n    output_dir: \"" + out
                + "\"\n    metrics:\n      listen: \"off\"\n    sources:\n"
                + "      - {name: traffic, type: csv, path: \"" + csv + "\", follow: true, poll_interval: 20ms}\n");
        AtomicBoolean feeding = new AtomicBoolean(true);
        Thread feeder = new Thread(() -> {
            try {
                for (int seed = 2; feeding.get() && seed < 2_000; seed++) {
                    new MessyTrafficCsv().seed(seed).mess(0).append(csv, 200);
                    written.addAndGet(200);
                    Thread.sleep(20); // about 10,000 rows a second: the kill lands while the file grows
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        feeder.start();
        try (JarProcess first = JarProcess.start(work, work.resolve("first.log"), "record", "-c", config.toString())) {
            JarProcess.awaitCondition("a first archive of rows", 60, () -> archivedSessions(out).size() > 1_000);
            first.sigkill();
            first.awaitExit(30);
        } finally {
            feeding.set(false);
            feeder.join(30_000);
        }
        // rotated while the recorder is down: the old file gets a last few rows, then a new one takes its name
        new MessyTrafficCsv().seed(5_000).mess(0).append(csv, 77);
        Files.move(csv, work.resolve("live.csv.1"));
        new MessyTrafficCsv().seed(5_001).mess(0).write(csv, 300);
        long total = written.get() + 77 + 300;
        try (JarProcess second = JarProcess.start(work, work.resolve("second.log"), "record", "-c",
                config.toString())) {
            JarProcess.awaitCondition("every row archived", 120, () -> archivedSessions(out).size() >= total);
            second.sigterm();
            assertEquals(0, second.awaitExit(60), second.output());
            Map<String, Integer> ids = archivedSessions(out);
            assertEquals(total, ids.size(), "every row is archived, none skipped");
            List<String> twice = ids.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                    .limit(10).toList();
            assertEquals(List.of(), twice, "no row recorded twice");
            assertTrue(ids.containsKey("s-5000-76") && ids.containsKey("s-5001-299"),
                    "the rotated file's last rows and the new file are both read");
        }
    }
}
