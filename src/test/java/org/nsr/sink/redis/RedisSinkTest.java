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
import org.nsr.testing.RedisServer;
import org.nsr.testing.TestRecord;
import redis.clients.jedis.Jedis;

class RedisSinkTest {
    @TempDir
    Path dir;

    private static LiveTap tap(RedisTarget target, Metrics metrics) {
        RedisSinkSpec spec = new RedisSinkSpec("traffic-redis", List.of("traffic"), target.endpoint(),
                target.stream(), target.maxLen(), target.buffer());
        Sink sink = spec.create("traffic", metrics);
        assertTrue(!sink.mayBlock(), "the Redis sink never applies back-pressure");
        return (LiveTap) sink;
    }

    /** Connections Redis holds open under the client name the mirror gives its own. */
    private static long nsrConnections(Jedis j) {
        return j.clientList().lines().filter(l -> l.contains(" name=nsr ")).count();
    }

    @Test
    void theMirrorsConnectionIsClosedWhenTheTapStops() throws Exception {
        try (RedisServer redis = RedisServer.start(dir); Jedis j = new Jedis("127.0.0.1", redis.port())) {
            LiveTap tap = tap(new RedisTarget(new RedisEndpoint("127.0.0.1", redis.port()), "mirror", 0, 100),
                    new Metrics());
            tap.startAsync().awaitRunning();
            tap.accept(new TestRecord(1, 1, 1), 1);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (j.xlen("mirror") < 1) {
                assertTrue(System.nanoTime() < deadline, "the record never reached the stream");
            }
            assertEquals(1, nsrConnections(j), j.clientList());
            tap.stopAsync().awaitTerminated(Duration.ofSeconds(10));
            deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (nsrConnections(j) > 0) {
                assertTrue(System.nanoTime() < deadline, "the mirror's connection is still open after stop: "
                        + j.clientList());
            }
        }
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
