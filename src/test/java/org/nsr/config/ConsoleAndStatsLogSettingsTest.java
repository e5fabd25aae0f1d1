package org.nsr.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code stats_log} keys and the console's subscription and write-timeout keys, with their defaults. */
class ConsoleAndStatsLogSettingsTest {
    @TempDir
    Path dir;

    private RecorderConfig load(String data) throws Exception {
        Path f = dir.resolve("nsr.yaml");
        Files.writeString(f, "Recorder:\n  data:\n" + data + "    sources:\n      - {name: gen, type: generator}\n");
        return RecorderConfigLoader.load(f, org.nsr.app.BuiltInSourceTypes.registry());
    }

    @Test
    void theStatsLogIsOffByDefaultAndKeepsThirtyDaysUnlessTold() throws Exception {
        assertNull(load("").ops().statsLog());
        assertEquals(new StatsLogSettings(Path.of("logs/stats.ndjson"), 30),
                load("    stats_log: \"logs/stats.ndjson\"\n").ops().statsLog());
        assertEquals(7, load("    stats_log: \"s.ndjson\"\n    stats_log_keep_days: 7\n").ops().statsLog().keepDays());
        assertNull(load("    stats_log: off\n").ops().statsLog());
        assertEquals("Recorder.data.stats_log_keep_days: '0' is out of range; expected a whole number from 1 to 36500",
                assertThrows(ConfigException.class, () -> load("    stats_log: \"s.ndjson\"\n"
                        + "    stats_log_keep_days: 0\n")).getMessage().replaceAll(" \\(.*", ""));
    }

    @Test
    void subscriptionsAndTheWriteTimeoutHaveBoundedDefaults() throws Exception {
        ConsoleSettings d = load("    console: {listen: \"127.0.0.1:0\"}\n").console();
        assertEquals(16, d.maxSubscriptions());
        assertEquals(65_536, d.subscriptionBuffer());
        assertEquals(Duration.ofSeconds(10), d.writeTimeout());
        ConsoleSettings s = load("    console: {listen: \"127.0.0.1:0\", max_subscriptions: 2, subscription_buffer: "
                + "4096, write_timeout: \"500ms\"}\n").console();
        assertEquals(2, s.maxSubscriptions());
        assertEquals(4096, s.subscriptionBuffer());
        assertEquals(Duration.ofMillis(500), s.writeTimeout());
    }
}
