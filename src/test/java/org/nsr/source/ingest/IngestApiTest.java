package org.nsr.source.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The push source's answers, over HTTP on a real server on port 0. */
class IngestApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    static HttpResponse<String> post(String url, String body, String... headers) throws Exception {
        return post(url, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    static HttpResponse<String> post(String url, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + "/flows")).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String url, String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url + pathAndQuery)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String rec(String src, String dst, String vpc, long tx, long rx, int hour) {
        return "{\"src_app\":\"" + src + "\",\"dest_app\":\"" + dst + "\",\"vpc_id\":\"" + vpc + "\",\"bytes_tx\":" + tx
                + ",\"bytes_rx\":" + rx + ",\"hour\":" + hour + "}";
    }

    @Test
    void aPostIsAnswered200WithItsCountAndTheGetSumsPerFlowInNameOrder() throws Exception {
        try (IngestHarness h = new IngestHarness(dir, Map.of(), 64, true)) {
            HttpResponse<String> r = post(h.url, "[" + rec("foo", "bar", "vpc", 100, 500, 20) + ","
                    + rec("foo", "bar", "vpc", 1, 2, 20) + "," + rec("abc", "bar", "vpc", 7, 8, 20) + ","
                    + rec("foo", "bar", "vpc", 1, 1, 21) + "]", "Content-Type", "application/json");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("{\"accepted\":4}", r.body());
            JsonNode rows = JSON.readTree(get(h.url, "/flows?hour=20").body());
            assertEquals(2, rows.size(), rows.toString());
            assertEquals("{\"src_app\":\"abc\",\"dest_app\":\"bar\",\"vpc_id\":\"vpc\",\"bytes_tx\":7,\"bytes_rx\":8,\"hour\":20}",
                    rows.get(0).toString());
            assertEquals(101, rows.get(1).get("bytes_tx").asLong());
            assertEquals(502, rows.get(1).get("bytes_rx").asLong());
            assertEquals(1, h.lines.size(), "one POST is one recorded line");
            assertTrue(h.lines.get(0).startsWith("{\"timestamp\":"), h.lines.get(0));
        }
    }

    @Test
    void gzipAndNdjsonBodiesAreAccepted() throws Exception {
        try (IngestHarness h = new IngestHarness(dir, Map.of(), 64, true)) {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream z = new GZIPOutputStream(zipped)) {
                z.write(("[" + rec("g", "z", "v", 10, 20, 3) + "]").getBytes(StandardCharsets.UTF_8));
            }
            assertEquals(200, post(h.url, zipped.toByteArray(), "Content-Encoding", "gzip").statusCode());
            HttpResponse<String> nd = post(h.url, rec("g", "z", "v", 1, 2, 3) + "\n" + rec("n", "d", "v", 5, 5, 3) + "\n",
                    "Content-Type", "application/x-ndjson");
            assertEquals("{\"accepted\":2}", nd.body());
            JsonNode rows = JSON.readTree(get(h.url, "/flows?hour=3").body());
            assertEquals(11, rows.get(0).get("bytes_tx").asLong());
            assertEquals(22, rows.get(0).get("bytes_rx").asLong());
            assertEquals("n", rows.get(1).get("src_app").asText());
            assertEquals(400, post(h.url, "not gzip at all", "Content-Encoding", "gzip").statusCode());
        }
    }

    @Test
    void aBadRecordRefusesTheWholeRequestWithA400NamingIndexFieldAndValue() throws Exception {
        try (IngestHarness h = new IngestHarness(dir, Map.of(), 64, true)) {
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < 17; i++) {
                body.append(rec("a", "b", "v", 1, 1, 1)).append(',');
            }
            body.append(rec("a", "b", "v", -5, 1, 1)).append(']');
            HttpResponse<String> r = post(h.url, body.toString());
            assertEquals(400, r.statusCode());
            assertEquals("{\"error\":\"records[17].bytes_tx: -5 is negative\"}", r.body());
            Map<String, String> cases = Map.of(
                    "[" + rec("a", "b", "v", 1, 1, 24) + "]", "records[0].hour: 24 is outside 0..23",
                    "[" + rec("", "b", "v", 1, 1, 1) + "]", "records[0].src_app: \\\"\\\" is empty; expected a name",
                    "[{\"src_app\":\"a\",\"dest_app\":\"b\",\"vpc_id\":\"v\",\"bytes_tx\":1,\"hour\":1}]",
                    "records[0]: missing bytes_rx",
                    "[" + rec("a", "b", "v", 1, 1, 1).replace("}", ",\"x\":1}") + "]", "records[0].x: unknown field",
                    "[" + rec("a", "b", "v", 1, 1, 1).replace("\"bytes_rx\":1", "\"bytes_rx\":\"1\"") + "]",
                    "records[0].bytes_rx: \\\"1\\\" is not an integer",
                    "[" + rec("a", "b", "v", 1, 1, 1) + ",{\"src_app\": tru", "records[1]: malformed JSON",
                    "{\"src_app\":\"a\"}", "body: an object is not an array");
            for (var c : cases.entrySet()) {
                HttpResponse<String> bad = post(h.url, c.getKey());
                assertEquals(400, bad.statusCode(), c.getKey());
                assertTrue(bad.body().contains(c.getValue()), c.getKey() + " -> " + bad.body());
            }
            assertEquals(0, h.queue.acceptedCount(), "a 400 writes nothing");
            assertEquals("[]", get(h.url, "/flows?hour=1").body());
        }
    }

    @Test
    void aBodyOverMaxBodyBytesGets413AndNothingIsQueued() throws Exception {
        try (IngestHarness h = new IngestHarness(dir, Map.of("max_body_bytes", "1KiB"), 64, true)) {
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < 40; i++) {
                body.append(i == 0 ? "" : ",").append(rec("a", "b", "v", 1, 1, 1));
            }
            HttpResponse<String> r = post(h.url, body.append(']').toString());
            assertEquals(413, r.statusCode(), r.body());
            assertEquals(0, h.queue.acceptedCount());
        }
    }

    @Test
    void aQueueFullForLongerThanMaxWaitGets503WithRetryAfterAndIsCounted() throws Exception {
        try (IngestHarness h = new IngestHarness(dir, Map.of("max_wait", "200ms", "ack", "accepted"), 1, false)) {
            assertEquals(200, post(h.url, "[" + rec("a", "b", "v", 1, 1, 1) + "]").statusCode());
            HttpResponse<String> r = post(h.url, "[" + rec("a", "b", "v", 1, 1, 1) + "]");
            assertEquals(503, r.statusCode(), r.body());
            assertEquals("1", r.headers().firstValue("Retry-After").orElse(null));
            assertEquals(1.0, h.metrics.value("nsr_ingest_posts_total", "source", "push", "result", "queue_full"));
            assertEquals(1, h.queue.acceptedCount(), "the refused request took nothing");
        }
    }

    @Test
    void withAckDurableThe200WaitsForTheDurableWatermark() throws Exception {
        try (IngestHarness h = new IngestHarness(dir, Map.of("ack_timeout", "300ms"), 16, false)) {
            HttpResponse<String> r = post(h.url, "[" + rec("a", "b", "v", 1, 1, 1) + "]");
            assertEquals(202, r.statusCode(), "nothing drains, so nothing becomes durable: " + r.body());
            assertEquals("{\"accepted\":1,\"durable\":false}", r.body());
        }
        try (IngestHarness h = new IngestHarness(dir.resolve("x"), Map.of(), 16, true)) {
            HttpResponse<String> r = post(h.url, "[" + rec("a", "b", "v", 1, 1, 1) + "]");
            assertEquals(200, r.statusCode());
            assertTrue(h.watermarks.durable(IngestHarness.SOURCE).value() >= 1, "answered after the watermark moved");
        }
    }

    @Test
    void noOrAWrongTokenIs401AnotherPathIs404AnotherMethodIs405() throws Exception {
        String token = "0123456789abcdef-token";
        try (IngestHarness h = new IngestHarness(dir, Map.of("token", token), 16, true)) {
            assertEquals(401, post(h.url, "[]").statusCode());
            assertEquals(401, post(h.url, "[]", "Authorization", "Bearer wrong-token-0123456789").statusCode());
            assertEquals(200, post(h.url, "[]", "Authorization", "Bearer " + token).statusCode());
            HttpResponse<String> other = HTTP.send(HttpRequest.newBuilder(URI.create(h.url + "/other"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, other.statusCode());
            HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(h.url + "/flows"))
                    .header("Authorization", "Bearer " + token).PUT(HttpRequest.BodyPublishers.ofString("[]")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(405, put.statusCode());
            assertEquals("GET, POST", put.headers().firstValue("Allow").orElse(null));
        }
    }

    @Test
    void aMissingOrBadHourIs400NamingItAndAnEmptyHourIsAnEmptyList() throws Exception {
        try (IngestHarness h = new IngestHarness(dir, Map.of(), 16, true)) {
            HttpResponse<String> none = get(h.url, "/flows");
            assertEquals(400, none.statusCode());
            assertTrue(none.body().contains("from: missing; expected hour=0..23"), none.body());
            HttpResponse<String> bad = get(h.url, "/flows?hour=x");
            assertEquals(400, bad.statusCode());
            assertEquals("{\"error\":\"hour: 'x' is not an hour; expected 0..23\"}", bad.body());
            assertEquals(400, get(h.url, "/flows?hour=24").statusCode());
            assertEquals("[]", get(h.url, "/flows?hour=7").body());
            assertEquals("{\"status\":\"running\"}", get(h.url, "/health").body());
        }
    }

    @Test
    void recordsWithTimeCountInTheirRealHourAndAFromToRangeReadsThem() throws Exception {
        try (IngestHarness h = new IngestHarness(dir, Map.of(), 16, true)) {
            long day1 = Instant.parse("2026-11-01T05:10:00Z").toEpochMilli();
            String body = "[" + rec("a", "b", "v", 1, 2, 5).replace("}", ",\"time\":" + day1 + "}") + ","
                    + rec("a", "b", "v", 10, 20, 5).replace("}", ",\"time\":\"2026-11-02T05:59:59Z\"}") + "]";
            assertEquals(200, post(h.url, body).statusCode());
            JsonNode day1Rows = JSON.readTree(get(h.url, "/flows?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z")
                    .body());
            assertEquals(1, day1Rows.size(), "day 2's hour 5 does not add to day 1's: " + day1Rows);
            assertEquals(1, day1Rows.get(0).get("bytes_tx").asLong());
            assertEquals(Instant.parse("2026-11-01T05:00:00Z").toEpochMilli(), day1Rows.get(0).get("time").asLong());
            HttpResponse<String> disagree = post(h.url, "[" + rec("a", "b", "v", 1, 2, 6)
                    .replace("}", ",\"time\":" + day1 + "}") + "]");
            assertEquals(400, disagree.statusCode());
            assertTrue(disagree.body().contains("records[0].hour: 6 is not the UTC hour of time"), disagree.body());
        }
    }

    @Test
    void atStartTheSumsAreRebuiltFromTheRecordingAndOldHoursAreReadFromItWithTheSameNumbers() throws Exception {
        long base = Instant.parse("2026-11-01T00:30:00Z").toEpochMilli();
        StringBuilder body = new StringBuilder("[");
        for (int hour = 0; hour < 5; hour++) {
            body.append(hour == 0 ? "" : ",").append(rec("a", "b", "v", hour + 1, 2L * (hour + 1), hour)
                    .replace("}", ",\"time\":" + (base + hour * 3_600_000L) + "}"));
        }
        body.append(']');
        String range = "/flows?from=2026-11-01T00:00:00Z&to=2026-11-01T05:00:00Z";
        String before;
        try (IngestHarness h = new IngestHarness(dir, Map.of("aggregate", Map.of("hours_in_memory", 2)), 16, true)) {
            assertEquals(200, post(h.url, body.toString()).statusCode());
            before = get(h.url, range).body();
            assertEquals(5, JSON.readTree(before).size(), "hours out of memory are answered from the recording: " + before);
            assertEquals(2.0, h.metrics.value("nsr_ingest_hours_in_memory", "source", "push"),
                    "only the two newest hours stay in memory");
            assertEquals(200, post(h.url, "[" + rec("a", "b", "v", 100, 100, 0).replace("}", ",\"time\":" + base + "}")
                    + "]").statusCode());
            assertEquals(1.0, h.metrics.value("nsr_ingest_old_hour_records_total", "source", "push"),
                    "a record for an hour already out of memory is counted");
            before = get(h.url, range).body();
            assertEquals(101, JSON.readTree(before).get(0).get("bytes_tx").asLong(),
                    "and still answered, from the recording: " + before);
            
        }
        try (IngestHarness again = new IngestHarness(dir, Map.of("aggregate", Map.of("hours_in_memory", 2)), 16, true)) {
            assertEquals(before, get(again.url, range).body(), "rebuilt from the recording: the same answer");
            assertNotNull(again.url);
        }
    }
}
