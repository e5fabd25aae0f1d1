package org.nsr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.testing.JarProcess;
import org.nsr.testing.RecordingWriter;
import org.nsr.testing.RedisServer;

/** An unreachable Redis is one clear line and exit 1 on the packaged jar, never a stack trace. */
class RedisUnreachableIT {
    @TempDir
    Path work;

    private String run(int expectedExit, String... args) throws Exception {
        Path log = Files.createTempFile(work, "run", ".log");
        try (JarProcess p = JarProcess.start(work, log, args)) {
            int exit = p.awaitExit(60);
            String out = p.output();
            assertEquals(expectedExit, exit, out);
            assertFalse(out.contains("\tat ") || out.contains("Exception"), "no stack trace:\n" + out);
            return out;
        }
    }

    @Test
    void replayIntoAnUnreachableRedisSaysSoAndExits1() throws Exception {
        Path rec = Files.createDirectories(work.resolve("rec"));
        RecordingWriter.writeJson(rec, LocalDateTime.of(2026, 1, 2, 3, 4), "traffic",
                List.of("{\"timestamp\":1767323040000000000,\"csv_line\":2,\"csv_row\":{\"session_id\":\"s0\"}}"));
        int port = RedisServer.freePort();
        String out = run(1, "replay", rec.toString(), "--no-progress", "--redis", "127.0.0.1:" + port,
                "--stream", "s");
        assertTrue(out.contains("nsr replay: cannot reach Redis at 127.0.0.1:" + port), out);
    }

    @Test
    void produceToAnUnreachableRedisSaysSoAndExits1() throws Exception {
        Path csv = work.resolve("t.csv");
        Files.writeString(csv, "timestamp,source_ip\n2024-01-01T00:00:00Z,10.0.0.1\n");
        int port = RedisServer.freePort();
        String out = run(1, "produce", "--csv-path", csv.toString(), "--redis-port", Integer.toString(port));
        assertTrue(out.contains("cannot reach Redis at localhost:" + port), out);
    }
}
