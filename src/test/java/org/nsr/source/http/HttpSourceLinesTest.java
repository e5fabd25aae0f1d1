package org.nsr.source.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nsr.config.RecorderDefaults;
import org.nsr.source.SourceSpec;

/** The default sources write the original recorder's line shapes; a poll in flight at stop is kept. */
class HttpSourceLinesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MockWebServer server = new MockWebServer();
    private final List<SourceHarness> harnesses = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (SourceHarness h : harnesses) {
            h.close();
        }
        server.shutdown();
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = HttpSourceLinesTest.class.getResourceAsStream("/ndtwin/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void serveFixtures() throws IOException {
        String flows = fixture("get_detected_flow_data.json");
        String graph = fixture("get_graph_data.json");
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String body = switch (request.getPath()) {
                    case HttpSourceType.FLOW_PATH -> flows;
                    case HttpSourceType.GRAPH_PATH -> graph;
                    default -> null;
                };
                return body == null ? new MockResponse().setResponseCode(404)
                        : new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    private SourceHarness start(SourceSpec spec) {
        SourceHarness h = new SourceHarness((HttpSourceSpec) spec);
        harnesses.add(h);
        return h;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }

    @Test
    void defaultSourcesWriteFlowinfoWrappedAndGraphinfoMergedCompactLines() throws Exception {
        serveFixtures();
        String base = server.url("/").toString();
        List<SourceSpec> defaults = HttpSourceType.defaultSources(
                new RecorderDefaults(base, Duration.ofMillis(50), null));
        assertEquals(List.of("flowinfo", "graphinfo"), defaults.stream().map(SourceSpec::name).toList());

        String flowLine = start(defaults.get(0)).awaitLines(1).get(0);
        String graphLine = start(defaults.get(1)).awaitLines(1).get(0);

        JsonNode flowFixture = JSON.readTree(fixture("get_detected_flow_data.json"));
        JsonNode flow = JSON.readTree(flowLine);
        assertEquals(List.of("timestamp", "flowinfo"), fieldNames(flow));
        assertEquals(flowFixture, flow.get("flowinfo"));
        long ts = flow.get("timestamp").asLong();
        // Compact, byte for byte what a compact JSON writer (orjson) gives for the same content.
        assertEquals("{\"timestamp\":" + ts + ",\"flowinfo\":" + JSON.writeValueAsString(flowFixture) + "}", flowLine);
        assertTrue(Math.abs(ts - System.currentTimeMillis()) < 60_000, "timestamp is epoch milliseconds: " + ts);

        JsonNode graphFixture = JSON.readTree(fixture("get_graph_data.json"));
        JsonNode graph = JSON.readTree(graphLine);
        assertEquals(List.of("timestamp", "nodes", "edges"), fieldNames(graph));
        assertEquals(graphFixture.get("nodes"), graph.get("nodes"));
        assertEquals(graphFixture.get("edges"), graph.get("edges"));
        long gts = graph.get("timestamp").asLong();
        assertEquals("{\"timestamp\":" + gts + ",\"nodes\":" + JSON.writeValueAsString(graphFixture.get("nodes"))
                + ",\"edges\":" + JSON.writeValueAsString(graphFixture.get("edges")) + "}", graphLine);
        // The float keeps its exact spelling from the body.
        assertTrue(graphLine.contains("\"link_bandwidth_utilization_percent\":0.16033960000000347"), graphLine);
    }

    @Test
    void mergeOfANonObjectBodyIsMalformedJson() throws Exception {
        serveFixtures();
        HttpSourceSpec spec = new HttpSourceSpec("test", server.url(HttpSourceType.FLOW_PATH).toString(),
                Duration.ofMillis(50), Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(2), 1 << 20, Map.of(), BodyWrap.MERGE, "test", true);
        SourceHarness h = start(spec);
        String line = h.awaitLines(1).get(0);
        assertTrue(line.contains("\"kind\":\"malformed_json\"") && line.contains("wrap: merge needs a JSON object"), line);
        assertEquals(0.0, h.polls());
    }

    @Test
    void timestampIsTakenWhenThePollStarts() throws Exception {
        long[] arrived = new long[1];
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                synchronized (arrived) {
                    if (arrived[0] == 0) {
                        arrived[0] = System.currentTimeMillis();
                    }
                }
                return new MockResponse().setHeader("Content-Type", "application/json").setBody("{}")
                        .setBodyDelay(300, TimeUnit.MILLISECONDS);
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
        SourceHarness h = start(new HttpSourceSpec("test", server.url("/").toString(), Duration.ofSeconds(1),
                Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5), 1000, Map.of(),
                BodyWrap.FIELD, "test", false));
        long receivedAfter = System.currentTimeMillis();
        h.awaitLines(1);
        long lineTs = h.timestamps.get(0) / 1_000_000;
        synchronized (arrived) {
            assertTrue(lineTs <= arrived[0], "timestamp " + lineTs + " is not before the request reached the server at " + arrived[0]);
        }
        assertTrue(lineTs >= receivedAfter - 1000, "timestamp " + lineTs + " far before the source started");
    }

    @Test
    void pollInFlightAtStopCompletesAndItsRecordIsPut() throws Exception {
        CountDownLatch requested = new CountDownLatch(1);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requested.countDown();
                return new MockResponse().setHeader("Content-Type", "application/json").setBody("[42]")
                        .setBodyDelay(500, TimeUnit.MILLISECONDS);
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
        HttpSourceSpec spec = new HttpSourceSpec("test", server.url("/").toString(), Duration.ofSeconds(10),
                Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5), 1000, Map.of(),
                BodyWrap.FIELD, "test", false);
        SourceHarness h = start(spec);
        assertTrue(requested.await(20, TimeUnit.SECONDS), "no request");
        List<String> lines = h.stopAndDrain();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).endsWith(",\"test\":[42]}"), lines.get(0));
        assertEquals(1, server.getRequestCount());
    }
}
