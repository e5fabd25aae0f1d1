package org.nsr.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.config.DetectSettings;
import org.nsr.metrics.Metrics;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.Ipv4;
import org.nsr.record.codec.LineKinds;
import org.nsr.redis.RedisEndpoint;
import org.nsr.testing.JarProcess;
import org.nsr.testing.RedisServer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;

class AlertStreamTest {
    private static final long T0 = 1_800_000_000_000_000_000L;

    @TempDir
    Path dir;

    private final Metrics metrics = new Metrics();
    private final Detector detector = new Detector(DetectSettings.defaults(), metrics);
    private final Flow flow = new Flow();

    private void send(long t, String src, int dport) {
        detector.flow(flow.fill(LineKinds.OTHER, t, (int) Ipv4.parseDotted(src), (int) Ipv4.parseDotted("10.0.1.1"),
                55555, dport, 6, 1, 60, Double.NaN, Double.NaN));
    }

    private static List<Map<String, String>> entries(Jedis j) {
        return j.xrange(AlertStream.STREAM, (StreamEntryID) null, (StreamEntryID) null, 100).stream()
                .map(e -> e.getFields()).toList();
    }

    @Test
    void aRaisedAndAnEndedAlertReachTheAlertsStreamWithRuleKeyWindowMetricThresholdAndRecordTimes() throws Exception {
        try (RedisServer redis = RedisServer.start(dir); Jedis j = new Jedis("127.0.0.1", redis.port())) {
            AlertStream stream = new AlertStream(new RedisEndpoint("127.0.0.1", redis.port()), detector, metrics);
            stream.startAsync().awaitRunning();
            for (int port = 1; port <= 150; port++) {
                send(T0 + port * 1_000_000L, "198.51.100.9", port); // a port scan within 150 ms
            }
            JarProcess.awaitCondition("the raised alert in the stream", 30, () -> j.xlen(AlertStream.STREAM) >= 1);
            for (long s = 1; s <= 60; s++) {
                send(T0 + s * 1_000_000_000L, "10.0.0.1", 443); // quiet traffic until the alert ends
            }
            JarProcess.awaitCondition("the ended alert in the stream", 30, () -> j.xlen(AlertStream.STREAM) >= 2);
            stream.stopAsync().awaitTerminated(Duration.ofSeconds(20));

            List<Map<String, String>> e = entries(j);
            assertEquals(2, e.size(), e.toString());
            Map<String, String> raised = e.get(0);
            Map<String, String> ended = e.get(1);
            assertEquals("raised", raised.get("event"));
            assertEquals("ended", ended.get("event"));
            for (Map<String, String> m : e) {
                assertEquals("port_scan", m.get("rule"));
                assertEquals("198.51.100.9", m.get("key"));
                assertEquals("10s", m.get("window"));
                assertEquals("100", m.get("threshold"));
                assertTrue(Long.parseLong(m.get("metric")) > 100, m.toString());
            }
            long firstMs = T0 / 1_000_000 + 101; // the 101st distinct port crossed the threshold
            assertEquals(Long.toString(firstMs), raised.get("first_ms"));
            assertEquals(Instant.ofEpochMilli(firstMs).toString(), raised.get("first"));
            assertEquals(raised.get("first_ms"), ended.get("first_ms"));
            assertEquals(Long.toString(T0 / 1_000_000 + 150), ended.get("last_ms"), "the last scanning record");
            assertEquals(2, (long) metrics.value("nsr_detect_alerts_sent_total"));
            assertEquals(0, (long) metrics.sum("nsr_detect_alerts_unsent_total"));
        }
    }

    @Test
    void alertsThatRedisCannotTakeAreCountedAndTheDetectorNeverWaits() throws Exception {
        int port = RedisServer.freePort(); // nothing listens there
        AlertStream stream = new AlertStream(new RedisEndpoint("127.0.0.1", port), detector, metrics);
        stream.startAsync().awaitRunning();
        long start = System.nanoTime();
        for (int port2 = 1; port2 <= 150; port2++) {
            send(T0 + port2 * 1_000_000L, "198.51.100.9", port2);
        }
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "the detector did not wait for Redis");
        JarProcess.awaitCondition("the unsent alert counted", 60,
                () -> metrics.value("nsr_detect_alerts_unsent_total", "reason", "redis_unavailable") == 1);
        stream.stopAsync().awaitTerminated(Duration.ofSeconds(20));
        assertEquals(0, (long) metrics.value("nsr_detect_alerts_sent_total"));
    }
}
