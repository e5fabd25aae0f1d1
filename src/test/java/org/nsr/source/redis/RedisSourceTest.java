package org.nsr.source.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.core.StopSignal;
import org.nsr.core.Ticker;
import org.nsr.metrics.Metrics;
import org.nsr.record.codec.CsvRowLine;
import org.nsr.redis.RedisEndpoint;
import org.nsr.sink.Watermarks;
import org.nsr.source.SourceContext;
import org.nsr.testing.ListChannel;
import org.nsr.testing.RedisServer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.XAddParams;

class RedisSourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private record Running(Thread thread, StopSignal stop, AtomicReference<Throwable> failure) {
        void stopAndJoin() throws Exception {
            stop.raise();
            thread.join(30_000);
            assertTrue(!thread.isAlive(), "the source ended at stop");
            if (failure.get() != null) {
                throw new AssertionError("the source failed", failure.get());
            }
        }
    }

    private static RedisSourceSpec spec(int port) {
        return new RedisSourceSpec("ddos", new RedisEndpoint("127.0.0.1", port), "network_traffic", "nsr", "c1", "0",
                100, Duration.ofMillis(50), Duration.ofSeconds(60), 100_000);
    }

    private static Running start(RedisSourceSpec spec, ListChannel out, Metrics metrics, Watermarks marks) {
        StopSignal stop = new StopSignal();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        RedisSource source = new RedisSource(spec, new SourceContext(Ticker.SYSTEM, metrics, marks, null));
        Thread t = new Thread(() -> {
            try {
                source.run(out, stop);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        return new Running(t, stop, failure);
    }

    private static void add(Jedis j, int from, int to) {
        for (int i = from; i < to; i++) {
            j.xadd("network_traffic", XAddParams.xAddParams(), Map.of("data",
                    "{\"session_id\":\"s" + i + "\",\"source_ip\":\"10.0.0.1\",\"dest_ip\":\"10.0.0.2\"}",
                    "source_ip", "10.0.0.1"));
        }
    }

    private static void awaitLines(ListChannel out, int n, Running r) throws Exception {
        try {
            out.awaitLines(n);
        } catch (AssertionError e) {
            r.stopAndJoin();
            throw e;
        }
    }

    private static long pending(Jedis j) {
        return j.xpending("network_traffic", "nsr").getTotal();
    }

    private static void awaitPending(Jedis j, long n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (pending(j) != n) {
            assertTrue(System.nanoTime() < deadline, "pending stayed at " + pending(j) + ", expected " + n);
            Thread.onSpinWait();
        }
    }

    private static Set<String> ids(List<String> lines) {
        Set<String> out = new HashSet<>();
        for (String l : lines) {
            byte[] b = l.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.add(CsvRowLine.streamId(b, 0, b.length));
        }
        return out;
    }

    @Test
    void entriesAreAcknowledgedOnlyAsFarAsTheArchivedWatermarkAndARestartReadsTheRestAgainCounted()
            throws Exception {
        try (RedisServer redis = RedisServer.start(dir); Jedis j = new Jedis("127.0.0.1", redis.port())) {
            add(j, 0, 1_000);
            Metrics metrics = new Metrics();
            Watermarks marks = new Watermarks(metrics);
            ListChannel out = new ListChannel("ddos", 0);
            Running r = start(spec(redis.port()), out, metrics, marks);
            awaitLines(out, 1_000, r);
            assertEquals(1_000, pending(j), "nothing is acknowledged before it is archived");
            assertEquals("s0", JSON.readTree(out.lines().get(0)).get("csv_row").get("session_id").asText());
            marks.archived("ddos").advanceTo(600);
            awaitPending(j, 400);
            r.stopAndJoin(); // as if killed: the 400 not archived stay pending
            assertEquals(400, pending(j));

            add(j, 1_000, 1_100);
            Metrics again = new Metrics();
            Watermarks marks2 = new Watermarks(again);
            ListChannel out2 = new ListChannel("ddos", 0);
            Running r2 = start(spec(redis.port()), out2, again, marks2);
            out2.awaitLines(500);
            marks2.archived("ddos").advanceTo(500);
            awaitPending(j, 0);
            r2.stopAndJoin();

            Set<String> first = ids(out.lines());
            Set<String> second = ids(out2.lines());
            Set<String> all = new HashSet<>(first);
            all.addAll(second);
            assertEquals(1_100, all.size(), "every entry was recorded at least once");
            Set<String> twice = new HashSet<>(first);
            twice.retainAll(second);
            assertEquals(400, twice.size());
            assertEquals(twice.size(), again.value("nsr_redis_redelivered_total", "source", "ddos"),
                    "the duplicates are exactly those the counter reports");
            assertEquals(500, out2.lines().size());
        }
    }

    @Test
    void aRedisThatGoesAwayIsRetriedAndReadingGoesOnWhenItIsBack() throws Exception {
        try (RedisServer redis = RedisServer.start(dir, true)) {
            try (Jedis j = new Jedis("127.0.0.1", redis.port())) {
                add(j, 0, 10);
            }
            Metrics metrics = new Metrics();
            ListChannel out = new ListChannel("ddos", 0);
            Running r = start(spec(redis.port()), out, metrics, new Watermarks(metrics));
            out.awaitLines(10);
            redis.kill();
            redis.restart();
            try (Jedis j = new Jedis("127.0.0.1", redis.port())) {
                add(j, 10, 20);
            }
            out.awaitLines(20);
            r.stopAndJoin();
            assertEquals(20, ids(out.lines()).size());
        }
    }

    @Test
    void anEntryWhoseDataIsNotJsonIsRecordedAsItsFields() {
        String row = RedisSource.rowJson(new java.util.LinkedHashMap<>(Map.of("data", "Series([1, 2])")));
        assertEquals("{\"data\":\"Series([1, 2])\"}", row);
        assertTrue(RedisSource.isJsonObject("{\"a\":[1,{\"b\":null}]}"));
        assertTrue(!RedisSource.isJsonObject("{\"a\":1} trailing"));
    }
}
