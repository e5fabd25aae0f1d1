package org.nsr.source.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.tools.push.PushLoad;
import org.nsr.tools.push.PushSettings;

/** {@code nsr push} against a real push source on port 0: the sums it reads back are the ones it sent. */
class PushLoadTest {
    @TempDir
    Path dir;

    @Test
    void clientsWithSeveralPostsInFlightSendEveryRecordOnceAndReadBackExactSums() throws Exception {
        try (IngestHarness h = new IngestHarness(dir, Map.of("ack", "durable", "threads", 16), 4096, true)) {
            // 3 clients x 4 in flight, 7,001 records: uneven shares and a short last batch per client
            PushSettings s = new PushSettings(URI.create(h.url), 3, 4, 100, 7_001, 300, 24, 7, 0, null);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = new PushLoad(s, new PrintStream(out, true, StandardCharsets.UTF_8), System.err, false).run();
            String report = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, exit, report);
            assertTrue(report.contains("sent 7001 records in 72 POSTs"), report);
            assertTrue(report.matches("(?s).*read back 24 hours in [0-9.]+ s: 0 mismatches.*"), report);
            assertTrue(report.contains("3 clients x 4 in flight"), report);
            long recorded = h.lines.stream().mapToLong(l -> l.split("\"src_app\"", -1).length - 1).sum();
            assertEquals(7_001, recorded, "every record is recorded exactly once");
        }
    }

    @Test
    void aRateLimitedRunWithPostsInFlightStillMatches() throws Exception {
        try (IngestHarness h = new IngestHarness(dir, Map.of("ack", "accepted"), 4096, true)) {
            PushSettings s = new PushSettings(URI.create(h.url), 2, 3, 50, 1_500, 40, 3, 11, 20_000, null);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = new PushLoad(s, new PrintStream(out, true, StandardCharsets.UTF_8), System.err, false).run();
            String report = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, exit, report);
            assertTrue(report.matches("(?s).*read back 3 hours in [0-9.]+ s: 0 mismatches.*"), report);
        }
    }
}
