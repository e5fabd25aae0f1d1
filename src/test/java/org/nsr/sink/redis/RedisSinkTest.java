package org.nsr.sink.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.metrics.Metrics;
import org.nsr.redis.RedisEndpoint;
import org.nsr.redis.RedisTarget;
import org.nsr.sink.LiveTap;
import org.nsr.sink.Sink;
import org.nsr.source.csv.CsvSourceSpec;
import org.nsr.testing.RedisServer;
import org.nsr.testing.TestRecord;
import redis.clients.jedis.Jedis;

class RedisSinkTest {
    @TempDir
    Path dir;

    private static CsvSourceSpec sourceWith(RedisTarget target) {
        return new CsvSourceSpec("traffic", Path.of("x.csv"), Duration.ZERO, 0, false, "timestamp",
                Duration.ofMillis(10), Path.of("x.pos"), 1 << 20, target);
    }

    private static LiveTap tap(RedisTarget target, Metrics metrics) {
        List<Sink> sinks = new RedisSinkFactory().create(sourceWith(target), metrics);
        assertEquals(1, sinks.size());
        assertTrue(!sinks.get(0).mayBlock(), "the Redis sink never applies back-pressure");
        return (LiveTap) sinks.get(0);
    }

    @Test
    void aSourceWithoutRedisSinkGetsNoRedisSink() {
        assertEquals(List.of(), new RedisSinkFactory().create(sourceWith(null), new Metrics()));
    }

    @Test
    void recordsAreMirroredIntoTheStreamInOrder() throws Exception {
        try (RedisServer redis = RedisServer.start(dir); Jedis j = new Jedis("127.0.0.1", redis.port())) {
            Metrics metrics = new Metrics();
            LiveTap tap = tap(new RedisTarget(new RedisEndpoint("127.0.0.1", redis.port()), "mirror", 0, 10_000),
                    metrics);
            tap.startAsync().awaitRunning();
            for (int i = 1; i <= 2_000; i++) {
                tap.accept(new TestRecord(i, 1, i), i);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (j.xlen("mirror") < 2_000) {
                assertTrue(System.nanoTime() < deadline, "mirrored " + j.xlen("mirror") + " of 2000");
            }
            tap.stopAsync().awaitTerminated(Duration.ofSeconds(10));
            var first = j.xrange("mirror", (redis.clients.jedis.StreamEntryID) null, null, 1).get(0).getFields();
            assertEquals("1", first.get("seq"));
            assertEquals("traffic", first.get("source"));
            assertEquals(0, tap.droppedCount());
        }
    }

    @Test
    void aRedisThatIsDownNeverBlocksTheSourceItDropsAndCounts() throws Exception {
        int port = RedisServer.freePort(); // nothing listens there
        Metrics metrics = new Metrics();
        LiveTap tap = tap(new RedisTarget(new RedisEndpoint("127.0.0.1", port), "mirror", 0, 100), metrics);
        tap.startAsync().awaitRunning();
        long start = System.nanoTime();
        for (int i = 1; i <= 100_000; i++) {
            tap.accept(new TestRecord(i, 1, i), i);
        }
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMillis < 5_000, "100000 accepts took " + tookMillis + " ms with Redis down");
        assertTrue(tap.droppedCount() >= 100_000 - 100 - 1024 - 512, "dropped " + tap.droppedCount());
        tap.stopAsync();
    }
}
