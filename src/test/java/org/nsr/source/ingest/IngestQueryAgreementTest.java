package org.nsr.source.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.cli.Main;

/** {@code nsr query DIR --by hour,flow} on an ingest recording gives the numbers GET /flows gives. */
class IngestQueryAgreementTest {
    @TempDir
    Path dir;

    @Test
    void queryByHourAndFlowAgreesWithGetOnAnIngestRecording() throws Exception {
        long base = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
        String got;
        try (IngestHarness h = new IngestHarness(dir, Map.of(), 64, true)) {
            Random rnd = new Random(5);
            for (int post = 0; post < 20; post++) {
                StringBuilder b = new StringBuilder("[");
                for (int i = 0; i < 50; i++) {
                    b.append(i == 0 ? "" : ",").append(IngestApiTest.rec("s" + rnd.nextInt(5), "d" + rnd.nextInt(3),
                            "v" + rnd.nextInt(2), rnd.nextInt(1000), rnd.nextInt(1000), 0)
                            .replace(",\"hour\":0", ",\"time\":" + (base + rnd.nextInt(3) * 3_600_000L + rnd.nextInt(1000))));
                }
                assertEquals(200, IngestApiTest.post(h.url, b.append(']').toString()).statusCode());
            }
            got = IngestApiTest.get(h.url, "/flows?from=2026-11-01T00:00:00Z&to=2026-11-01T03:00:00Z").body();
        }
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = Main.commandLine().execute("query", dir.toString(), "--by", "hour,flow", "--format", "json",
                    "--top", "0");
        } finally {
            System.setOut(old);
        }
        assertEquals(0, exit, captured.toString(StandardCharsets.UTF_8));
        JsonNode query = IngestApiTest.JSON.readTree(captured.toString(StandardCharsets.UTF_8)).get("ingest");
        List<String> fromGet = new ArrayList<>();
        for (JsonNode r : IngestApiTest.JSON.readTree(got)) {
            fromGet.add(Instant.ofEpochMilli(r.get("time").asLong()) + " " + r.get("src_app").asText() + " "
                    + r.get("dest_app").asText() + " " + r.get("vpc_id").asText() + " " + r.get("bytes_tx") + " "
                    + r.get("bytes_rx"));
        }
        List<String> fromQuery = new ArrayList<>();
        for (JsonNode r : query) {
            fromQuery.add(r.get("hour").asText() + " " + r.get("src_app").asText() + " " + r.get("dest_app").asText() + " "
                    + r.get("vpc_id").asText() + " " + r.get("bytes_tx") + " " + r.get("bytes_rx"));
        }
        assertTrue(fromGet.size() > 10, "enough groups to compare: " + fromGet);
        assertEquals(fromGet, fromQuery);
    }
}
