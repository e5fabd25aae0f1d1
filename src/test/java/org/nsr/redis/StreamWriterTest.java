package org.nsr.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.core.StopSignal;
import org.nsr.core.Ticker;
import org.nsr.testing.RedisServer;
import redis.clients.jedis.Jedis;

class StreamWriterTest {
    @TempDir
    Path dir;

    private static void fill(XaddBatch b, int entries, String tag) {
        for (int i = 0; i < entries; i++) {
            b.startEntry(2).bulk("data").bulk("{\"n\":" + i + "}").bulk("tag").bulk(tag);
        }
    }

    @Test
    void aBatchIsAcknowledgedWholeAndARefusedOneIsRaisedWithRedisMessage() throws Exception {
        try (RedisServer redis = RedisServer.start(dir); Jedis j = new Jedis("127.0.0.1", redis.port());
                StreamWriter w = new StreamWriter(new RedisEndpoint("127.0.0.1", redis.port()), "s", 0,
                        Ticker.SYSTEM, Duration.ofSeconds(5))) {
            XaddBatch b = w.newBatch(64);
            fill(b, 3000, "first");
            w.add(b, new StopSignal());
            assertEquals(3000, j.xlen("s"));
            assertEquals(3000, w.added());

            j.set("t", "not a stream");
            try (StreamWriter refused = new StreamWriter(new RedisEndpoint("127.0.0.1", redis.port()), "t", 0,
                    Ticker.SYSTEM, Duration.ofSeconds(5))) {
                XaddBatch r = refused.newBatch(64);
                fill(r, 5, "x");
                RedisUnavailableException e = assertThrows(RedisUnavailableException.class,
                        () -> refused.add(r, new StopSignal()));
                assertTrue(e.getMessage().contains("WRONGTYPE") && e.getMessage().contains("5 of 5"), e.getMessage());
                assertEquals(0, refused.added());
            }

            b.clear();
            fill(b, 2, "after");
            w.add(b, new StopSignal());
            assertEquals(3002, j.xlen("s"), "the first writer's connection is still in step");
        }
    }
}
