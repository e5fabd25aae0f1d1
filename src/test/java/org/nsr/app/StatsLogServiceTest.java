package org.nsr.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.metrics.Metrics;
import org.nsr.metrics.StatsLog;
import org.nsr.testing.FakeTicker;
import org.nsr.testing.JarProcess;

/**
 * The statistics log as the recorder runs it: a periodic service on the injected ticker writes one
 * JSON object per interval, a new file when the UTC day changes, and deletes the days past the
 * kept ones.
 */
class StatsLogServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    private static long lines(Path f) throws Exception {
        return Files.exists(f) ? Files.readAllLines(f).size() : 0;
    }

    @Test
    void oneObjectAnIntervalOneFileADayAndDaysPastTheKeptOnesDeleted() throws Exception {
        Metrics metrics = new Metrics();
        metrics.counter("nsr_source_records_total", "records", "source", "gen").add(42);
        metrics.counter("nsr_writer_files_total", "files", "source", "gen").add(3);
        metrics.gauge("nsr_console_connections_open", "open", () -> 2);
        metrics.counter("nsr_console_subscriptions_dropped_total", "drops", "reason", "slow").add(1);
        metrics.gauge("nsr_index_lag_records", "lag", () -> 7, "source", "gen");
        metrics.gauge("nsr_index_level_files", "per level", () -> 4, "index", "ip", "level", "0");
        FakeTicker ticker = new FakeTicker(Instant.parse("2026-11-30T23:58:30Z"));
        StatsLog log = new StatsLog(dir.resolve("logs/stats.ndjson"), 30, metrics);
        Path expired = log.fileOf(LocalDate.parse("2026-10-30"));
        Path expiresNextDay = log.fileOf(LocalDate.parse("2026-10-31"));
        Path kept = log.fileOf(LocalDate.parse("2026-11-01"));
        Files.createDirectories(expired.getParent());
        Files.writeString(expired, "{}\n");
        Files.writeString(expiresNextDay, "{}\n");
        Files.writeString(kept, "{}\n");
        PeriodicService service = new PeriodicService("stats log", Duration.ofMinutes(1), ticker,
                () -> log.append(ticker.asClock().instant()));
        service.startAsync();
        service.awaitRunning();
        try {
            Path nov30 = log.fileOf(LocalDate.parse("2026-11-30"));
            Path dec1 = log.fileOf(LocalDate.parse("2026-12-01"));
            ticker.awaitWaiters(1);
            ticker.advance(Duration.ofMinutes(1)); // 23:59:30
            JarProcess.awaitCondition("the first object", 10, () -> exists(nov30, 1));
            assertTrue(Files.notExists(expired), "a day older than 30 days is deleted when the log begins a day");
            assertTrue(Files.exists(expiresNextDay), "30 days before 2026-11-30: kept that day");
            ticker.awaitWaiters(1);
            ticker.advance(Duration.ofMinutes(1)); // 00:00:30, the next day
            JarProcess.awaitCondition("the next day's file", 10, () -> exists(dec1, 1));
            ticker.awaitWaiters(1);
            ticker.advance(Duration.ofMinutes(1));
            JarProcess.awaitCondition("a second object that day", 10, () -> exists(dec1, 2));
            assertEquals(1, lines(nov30));
            assertTrue(Files.exists(kept), "2026-11-01 is 30 days before 2026-12-01: kept");
            assertTrue(Files.notExists(expiresNextDay), "31 days before 2026-12-01: deleted as that day began");
            List<String> objects = Files.readAllLines(dec1);
            JsonNode o = JSON.readTree(objects.get(1));
            assertEquals("2026-12-01T00:01:30Z", o.get("time").asText());
            assertEquals(42, o.at("/sources/gen/records").asLong());
            assertEquals(3, o.at("/sources/gen/writer/files").asLong());
            assertEquals(7, o.at("/index/lag_records/gen").asLong());
            assertEquals(4, o.at("/index/files_per_level/ip~10").asLong());
            assertEquals(2, o.at("/console/connections").asLong());
            assertEquals(1, o.at("/console/subscriptions_dropped/slow").asLong());
            assertTrue(o.has("compression"));
        } finally {
            service.stopAsync();
            service.awaitTerminated(Duration.ofSeconds(5));
        }
        List<String> names = Files.list(dir.resolve("logs")).map(p -> p.getFileName().toString()).sorted().toList();
        assertEquals(List.of("stats-2026-11-01.ndjson", "stats-2026-11-30.ndjson", "stats-2026-12-01.ndjson"), names,
                "the names sort as the days do");
    }

    private static boolean exists(Path f, int n) {
        try {
            return lines(f) >= n;
        } catch (Exception e) {
            return false;
        }
    }
}
