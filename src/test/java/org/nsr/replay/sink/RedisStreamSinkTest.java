package org.nsr.replay.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.cli.Main;
import org.nsr.testing.RecordingWriter;
import org.nsr.testing.RedisServer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;

class RedisStreamSinkTest {
    @TempDir
    Path dir;

    @Test
    void replayWithRedisAddsEveryRecordToTheStreamAndACsvRowAsTheTypedRow() throws Exception {
        Path rec = Files.createDirectories(dir.resolve("rec"));
        LocalDateTime start = LocalDateTime.of(2026, 1, 2, 3, 4);
        long t0 = start.atZone(ZoneId.systemDefault()).toInstant().toEpochMilli() * 1_000_000L;
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 1_234; i++) {
            lines.add("{\"timestamp\":" + (t0 + i * 1_000L) + ",\"csv_line\":" + (i + 2)
                    + ",\"csv_row\":{\"session_id\":\"s" + i + "\",\"source_ip\":\"10.0.0.1\"}}");
        }
        RecordingWriter.writeJson(rec, start, "traffic", lines);
        try (RedisServer redis = RedisServer.start(dir); Jedis j = new Jedis("127.0.0.1", redis.port())) {
            assertEquals(0, Main.run("replay", rec.toString(), "--as-fast-as-possible", "--no-progress", "--redis",
                    "127.0.0.1:" + redis.port(), "--stream", "replayed"));
            assertEquals(1_234, j.xlen("replayed"));
            var first = j.xrange("replayed", (StreamEntryID) null, null, 1).get(0).getFields();
            assertEquals("{\"session_id\":\"s0\",\"source_ip\":\"10.0.0.1\"}", first.get("data"));
            assertEquals("traffic", first.get("source"));
        }
        assertEquals(2, Main.run("replay", rec.toString(), "--redis", "nohost", "--stream", "x"));
    }
}
