package org.nsr.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.testing.RedisServer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;

/** XREADGROUP replies read from their bytes give what Jedis's own reading gave, on a real redis-server. */
class StreamGroupReaderTest {
    @TempDir
    Path dir;

    private static Map<String, String> fields(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void entriesComeBackWithTheirIdsAndFieldsAsRedisHoldsThem() throws Exception {
        try (RedisServer redis = RedisServer.start(dir); Jedis j = new Jedis("127.0.0.1", redis.port())) {
            List<Map<String, String>> sent = List.of(
                    fields("data", "{\"a\":1}", "source_ip", "10.0.0.1"),
                    fields("data", "caf\u00e9 \u00fc\r\n$3\r\n*2", "empty", ""),
                    fields("big", "x".repeat(100_000), "after", "y"),
                    fields("only", "one"));
            List<String> ids = new ArrayList<>();
            for (Map<String, String> f : sent) {
                ids.add(j.xadd("s", XAddParams.xAddParams(), f).toString());
            }
            try (StreamGroupReader reader = new StreamGroupReader(new RedisEndpoint("127.0.0.1", redis.port()), "s",
                    "g", "c")) {
                reader.ensureGroup("0");
                List<ReadEntry> got = reader.readNew(10, 10);
                assertEquals(ids, got.stream().map(ReadEntry::id).toList());
                assertEquals(sent, got.stream().map(ReadEntry::fields).toList());
                ReadEntry first = got.get(0);
                int data = first.valuePart("data".getBytes(StandardCharsets.US_ASCII));
                assertEquals("{\"a\":1}", new String(first.bytes(), first.start(data), first.end(data) - first.start(data),
                        StandardCharsets.UTF_8));
                assertEquals(-1, first.valuePart("none".getBytes(StandardCharsets.US_ASCII)));
                assertEquals(List.of(), reader.readNew(10, 10), "BLOCK runs out: nothing new");
            }
        }
    }

    @Test
    void ownPendingEntriesSkipThoseDeletedSinceAndTheNextReadStillWorks() throws Exception {
        try (RedisServer redis = RedisServer.start(dir); Jedis j = new Jedis("127.0.0.1", redis.port())) {
            List<StreamEntryID> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(j.xadd("s", XAddParams.xAddParams(), Map.of("n", "" + i)));
            }
            RedisEndpoint at = new RedisEndpoint("127.0.0.1", redis.port());
            try (StreamGroupReader reader = new StreamGroupReader(at, "s", "g", "c")) {
                reader.ensureGroup("0");
                assertEquals(5, reader.readNew(10, 10).size());
            }
            j.xdel("s", ids.get(1), ids.get(3));
            try (StreamGroupReader reader = new StreamGroupReader(at, "s", "g", "c")) {
                List<String> pending = new ArrayList<>();
                List<ReadEntry> page;
                while (!(page = reader.ownPending(2)).isEmpty()) {
                    page.forEach(e -> pending.add(e.fields().get("n")));
                }
                assertEquals(List.of("0", "2", "4"), pending);
                j.xadd("s", XAddParams.xAddParams(), Map.of("n", "5"));
                assertEquals("5", reader.readNew(10, 10).get(0).fields().get("n"));
            }
        }
    }

    @Test
    void anErrorReplyIsAFailureOfTheCommandNotAGarbledRead() throws Exception {
        try (RedisServer redis = RedisServer.start(dir)) {
            try (StreamGroupReader reader = new StreamGroupReader(new RedisEndpoint("127.0.0.1", redis.port()), "s",
                    "no-such-group", "c")) {
                RedisUnavailableException e = assertThrows(RedisUnavailableException.class, () -> reader.readNew(10, 10));
                assertTrue(e.getMessage().contains("XREADGROUP") && e.getMessage().contains("NOGROUP"), e.getMessage());
            }
        }
    }
}
