package org.nsr.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nsr.testing.MutableClock;

class NdtwinSimulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId ZONE = ZoneId.of("Asia/Taipei");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<NdtwinSimulator> started = new ArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T02:00:00Z"), ZONE);

    @AfterEach
    void closeAll() {
        started.forEach(NdtwinSimulator::close);
    }

    private NdtwinSimulator start(NdtwinSimulator.Builder b) throws IOException {
        NdtwinSimulator sim = b.build().start(0);
        started.add(sim);
        return sim;
    }

    private HttpResponse<byte[]> get(NdtwinSimulator sim, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sim.url() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private JsonNode getJson(NdtwinSimulator sim, String path) throws Exception {
        HttpResponse<byte[]> r = get(sim, path);
        assertEquals(200, r.statusCode(), path);
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        return JSON.readTree(r.body());
    }

    private static JsonNode fixture(String name) throws IOException {
        try (InputStream in = NdtwinSimulatorTest.class.getResourceAsStream("/ndtwin/" + name)) {
            return JSON.readTree(in);
        }
    }

    private static Set<String> keys(JsonNode n) {
        Set<String> s = new TreeSet<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            s.add(it.next());
        }
        return s;
    }

    private static List<String> keyOrder(JsonNode n) {
        List<String> s = new ArrayList<>();
        n.fieldNames().forEachRemaining(s::add);
        return s;
    }

    /** Same value kind as the fixture: integers stay integers, floats floats, strings, booleans, arrays. */
    private static void assertSameKinds(JsonNode fixture, JsonNode actual, String where) {
        for (Iterator<String> it = fixture.fieldNames(); it.hasNext();) {
            String k = it.next();
            JsonNode f = fixture.get(k);
            JsonNode a = actual.get(k);
            assertEquals(f.getNodeType(), a.getNodeType(), where + "." + k);
            assertEquals(f.isIntegralNumber(), a.isIntegralNumber(), where + "." + k + " integral");
        }
    }

    @Test
    void sameSeedGivesTheSameResponsesAndAnotherSeedDiffers() throws Exception {
        MutableClock other = new MutableClock(clock.instant(), ZONE);
        NdtwinSimulator a = start(NdtwinSimulator.builder().seed(7).hosts(20).flows(40).clock(clock));
        NdtwinSimulator b = start(NdtwinSimulator.builder().seed(7).hosts(20).flows(40).clock(other));
        NdtwinSimulator c = start(NdtwinSimulator.builder().seed(8).hosts(20).flows(40).clock(clock));
        for (int second = 0; second < 40; second += 3) {
            for (String path : List.of(NdtwinSimulator.FLOW_PATH, NdtwinSimulator.GRAPH_PATH, NdtwinSimulator.POWER_PATH)) {
                byte[] fromA = get(a, path).body();
                assertArrayEquals(fromA, get(b, path).body(), path + " at +" + second + "s");
                assertFalse(java.util.Arrays.equals(fromA, get(c, path).body()), "seed 8 equals seed 7 for " + path);
            }
            clock.advance(Duration.ofSeconds(3));
            other.advance(Duration.ofSeconds(3));
        }
    }

    @Test
    void fieldNamesOrderAndTypesMatchTheFixtures() throws Exception {
        NdtwinSimulator sim = start(NdtwinSimulator.builder().seed(3).hosts(16).flows(30).clock(clock));
        clock.advance(Duration.ofSeconds(5));
        JsonNode fixtureFlow = fixture("get_detected_flow_data.json").get(0);
        JsonNode flows = getJson(sim, NdtwinSimulator.FLOW_PATH);
        assertTrue(flows.isArray() && flows.size() >= 30, "flow array of at least 30: " + flows.size());
        for (JsonNode f : flows) {
            assertEquals(keyOrder(fixtureFlow), keyOrder(f));
            assertSameKinds(fixtureFlow, f, "flow");
            for (JsonNode hop : f.get("path")) {
                assertEquals(keyOrder(fixtureFlow.get("path").get(0)), keyOrder(hop));
                assertSameKinds(fixtureFlow.get("path").get(0), hop, "path");
            }
            LocalDateTime.parse(f.get("first_sampled_time").asText(), LOCAL);
        }
        JsonNode fixtureGraph = fixture("get_graph_data.json");
        JsonNode graph = getJson(sim, NdtwinSimulator.GRAPH_PATH);
        assertEquals(keyOrder(fixtureGraph), keyOrder(graph));
        for (JsonNode n : graph.get("nodes")) {
            JsonNode f = fixtureGraph.get("nodes").get(n.get("vertex_type").asInt());
            assertEquals(keyOrder(f), keyOrder(n));
            assertSameKinds(f, n, "node");
        }
        JsonNode fixtureEdge = fixtureGraph.get("edges").get(0);
        boolean sawFlowSet = false;
        for (JsonNode e : graph.get("edges")) {
            assertEquals(keyOrder(fixtureEdge), keyOrder(e));
            assertSameKinds(fixtureEdge, e, "edge");
            assertTrue(e.get("link_bandwidth_utilization_percent").isFloatingPointNumber());
            for (JsonNode fs : e.get("flow_set")) {
                sawFlowSet = true;
                assertEquals(keyOrder(fixtureEdge.get("flow_set").get(0)), keyOrder(fs));
            }
        }
        assertTrue(sawFlowSet, "some edge carries flows");
        assertEquals(keys(fixture("error_500.json")), Set.of("error", "details"));
    }

    @Test
    void ipAddressesUseTheKernelsLittleEndianEncodingAndHostsSitBehindSwitches() throws Exception {
        assertEquals(16885952L, KernelIp.of(192, 168, 1, 1));
        assertEquals("192.168.1.1", KernelIp.dotted(16885952L));
        NdtwinSimulator sim = start(NdtwinSimulator.builder().seed(3).hosts(16).flows(5).clock(clock));
        JsonNode graph = getJson(sim, NdtwinSimulator.GRAPH_PATH);
        Set<String> hostIps = new HashSet<>();
        for (JsonNode n : graph.get("nodes")) {
            if (n.get("vertex_type").asInt() == 1) {
                assertEquals(0, n.get("dpid").asLong());
                hostIps.add(KernelIp.dotted(n.get("ip").get(0).asLong()));
            }
        }
        assertEquals(16, hostIps.size());
        assertTrue(hostIps.contains("192.168.1.1") && hostIps.contains("192.168.1.16"), hostIps.toString());
        for (JsonNode e : graph.get("edges")) {
            if (e.get("dst_dpid").asLong() == 0) {
                assertEquals(0, e.get("dst_interface").asInt(), "host side of a switch-host edge has interface 0");
                assertTrue(e.get("src_dpid").asLong() != 0);
            }
        }
    }

    /** Path node id of an edge end: the dpid of a switch, the IP of a host. */
    private static long endId(JsonNode edge, String side) {
        long dpid = edge.get(side + "_dpid").asLong();
        return dpid != 0 ? dpid : edge.get(side + "_ip").get(0).asLong();
    }

    private static String tuple(JsonNode f, String protocolField) {
        return f.get("src_ip").asLong() + ":" + f.get("src_port").asInt() + ">" + f.get("dst_ip").asLong() + ":"
                + f.get("dst_port").asInt() + "/" + f.get(protocolField).asInt();
    }

    @Test
    void edgeUsageAndFlowSetsAgreeWithTheFlowsCrossingThemAndPathsFollowLinks() throws Exception {
        NdtwinSimulator sim = start(NdtwinSimulator.builder().seed(11).hosts(30).flows(200).clock(clock));
        for (int round = 0; round < 3; round++) {
            clock.advance(Duration.ofSeconds(7));
            JsonNode flows = getJson(sim, NdtwinSimulator.FLOW_PATH);
            JsonNode graph = getJson(sim, NdtwinSimulator.GRAPH_PATH);
            Map<String, JsonNode> edges = new HashMap<>();
            for (JsonNode e : graph.get("edges")) {
                edges.put(endId(e, "src") + ">" + endId(e, "dst"), e);
            }
            Map<String, Long> usage = new HashMap<>();
            Map<String, Set<String>> sets = new HashMap<>();
            for (JsonNode f : flows) {
                JsonNode path = f.get("path");
                assertEquals(f.get("src_ip").asLong(), path.get(0).get("node").asLong());
                assertEquals(f.get("dst_ip").asLong(), path.get(path.size() - 1).get("node").asLong());
                assertEquals(0, path.get(path.size() - 1).get("interface").asInt());
                long rate = f.get("estimated_flow_sending_rate_bps_in_the_last_sec").asLong();
                for (int i = 0; i + 1 < path.size(); i++) {
                    String key = path.get(i).get("node").asLong() + ">" + path.get(i + 1).get("node").asLong();
                    JsonNode edge = edges.get(key);
                    assertTrue(edge != null, "path hop " + key + " is not a link");
                    int expectedInterface = i == 0 ? edges.get(path.get(1).get("node").asLong() + ">"
                            + path.get(0).get("node").asLong()).get("src_interface").asInt()
                            : edge.get("src_interface").asInt();
                    assertEquals(expectedInterface, path.get(i).get("interface").asInt(), "interface at hop " + i);
                    if (rate > 0) {
                        usage.merge(key, rate, Long::sum);
                        sets.computeIfAbsent(key, k -> new HashSet<>()).add(tuple(f, "protocol_id"));
                    }
                }
            }
            int loaded = 0;
            for (Map.Entry<String, JsonNode> e : edges.entrySet()) {
                JsonNode edge = e.getValue();
                long expected = usage.getOrDefault(e.getKey(), 0L);
                long bw = edge.get("link_bandwidth_bps").asLong();
                assertEquals(expected, edge.get("link_bandwidth_usage_bps").asLong(), "usage of " + e.getKey());
                assertEquals(Math.max(0, bw - expected), edge.get("left_link_bandwidth_bps").asLong());
                assertEquals(expected * 100.0 / bw, edge.get("link_bandwidth_utilization_percent").asDouble(), 1e-9);
                Set<String> actual = new HashSet<>();
                edge.get("flow_set").forEach(fs -> actual.add(tuple(fs, "protocol_number")));
                assertEquals(sets.getOrDefault(e.getKey(), Set.of()), actual, "flow_set of " + e.getKey());
                loaded += expected > 0 ? 1 : 0;
            }
            assertTrue(loaded > 10, "only " + loaded + " loaded edges");
        }
    }

    @Test
    void flowsArriveChangeRateEndAndStayListedFifteenSecondsAfterTheirLastSample() throws Exception {
        NdtwinSimulator sim = start(NdtwinSimulator.builder().seed(5).hosts(16).flows(60).clock(clock));
        Map<String, String> endedAt = new HashMap<>();
        Set<String> everSeen = new HashSet<>();
        boolean rateChanged = false;
        for (int s = 1; s <= 60; s++) {
            clock.advance(Duration.ofSeconds(1));
            String now = LOCAL.format(LocalDateTime.ofInstant(clock.instant(), ZONE));
            String limit = LOCAL.format(LocalDateTime.ofInstant(clock.instant().minusSeconds(15), ZONE));
            int active = 0;
            Set<String> listed = new HashSet<>();
            for (JsonNode f : getJson(sim, NdtwinSimulator.FLOW_PATH)) {
                String t = tuple(f, "protocol_id");
                listed.add(t);
                everSeen.add(t);
                String latest = f.get("latest_sampled_time").asText();
                assertTrue(latest.compareTo(limit) >= 0, t + " listed at " + now + " with last sample " + latest);
                long rate = f.get("estimated_flow_sending_rate_bps_in_the_last_sec").asLong();
                if (rate > 0) {
                    active++;
                    assertEquals(now, latest, "an active flow was sampled this second");
                    rateChanged |= rate != f.get("estimated_flow_sending_rate_bps_in_the_proceeding_1sec_timeslot").asLong();
                } else {
                    endedAt.putIfAbsent(t, latest);
                }
            }
            assertEquals(60, active, "active flows at +" + s + "s");
            for (Map.Entry<String, String> e : endedAt.entrySet()) {
                if (e.getValue().compareTo(limit) < 0) {
                    assertFalse(listed.contains(e.getKey()), e.getKey() + " still listed more than 15 s after " + e.getValue());
                }
            }
        }
        assertTrue(rateChanged, "rates change");
        assertTrue(endedAt.size() > 20, "flows end: " + endedAt.size());
        assertTrue(everSeen.size() > 80, "flows arrive: " + everSeen.size());
    }

    @Test
    void exactPathsOnlyAndEveryResponseCarriesAnIncreasingSequenceNumber() throws Exception {
        NdtwinSimulator sim = start(NdtwinSimulator.builder().clock(clock));
        HttpResponse<byte[]> first = get(sim, NdtwinSimulator.FLOW_PATH);
        assertEquals(404, get(sim, NdtwinSimulator.FLOW_PATH + "?all=1").statusCode());
        assertEquals(404, get(sim, NdtwinSimulator.GRAPH_PATH + "/").statusCode());
        assertEquals(404, get(sim, "/ndt/get_graph").statusCode());
        HttpResponse<byte[]> last = get(sim, NdtwinSimulator.GRAPH_PATH);
        assertEquals(1, Long.parseLong(first.headers().firstValue(NdtwinSimulator.SEQ_HEADER).orElseThrow()));
        assertEquals(5, Long.parseLong(last.headers().firstValue(NdtwinSimulator.SEQ_HEADER).orElseThrow()));
        JsonNode served = getJson(sim, NdtwinSimulator.SERVED_PATH);
        assertEquals(1, served.get("served").get(NdtwinSimulator.FLOW_PATH).asInt());
        assertEquals(1, served.get("served").get(NdtwinSimulator.GRAPH_PATH).asInt());
        assertEquals(2, served.get("log").size());
        assertEquals(5, served.get("log").get(1).get("seq").asInt());
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(last.body());
        assertEquals(crc.getValue(), served.get("log").get(1).get("crc32c").asLong());
    }

    @Test
    void errorRateOneAnswersEveryRequestWithTheKernelsErrorBody() throws Exception {
        NdtwinSimulator sim = start(NdtwinSimulator.builder().errorRate(1.0).clock(clock));
        for (int i = 0; i < 5; i++) {
            HttpResponse<byte[]> r = get(sim, NdtwinSimulator.FLOW_PATH);
            assertEquals(500, r.statusCode());
            assertEquals(keys(fixture("error_500.json")), keys(JSON.readTree(r.body())));
        }
        JsonNode served = getJson(sim, NdtwinSimulator.SERVED_PATH);
        assertEquals(0, served.get("served").get(NdtwinSimulator.FLOW_PATH).asInt());
        assertEquals(5, served.get("errors").get(NdtwinSimulator.FLOW_PATH).asInt());
    }

    @Test
    void malformedRateOneCutsEveryBodyAndIsNotCountedAsServed() throws Exception {
        NdtwinSimulator sim = start(NdtwinSimulator.builder().malformedRate(1.0).clock(clock));
        HttpResponse<byte[]> r = get(sim, NdtwinSimulator.GRAPH_PATH);
        assertEquals(200, r.statusCode());
        assertThrows(IOException.class, () -> JSON.readTree(r.body()));
        JsonNode served = getJson(sim, NdtwinSimulator.SERVED_PATH);
        assertEquals(0, served.get("served").get(NdtwinSimulator.GRAPH_PATH).asInt());
        assertEquals(1, served.get("malformed").get(NdtwinSimulator.GRAPH_PATH).asInt());
    }

    @Test
    void partialErrorRateInjectsAboutThatShareOfFaults() throws Exception {
        NdtwinSimulator sim = start(NdtwinSimulator.builder().seed(2).errorRate(0.25).malformedRate(0.25).clock(clock));
        int errors = 0;
        int malformed = 0;
        int n = 200;
        for (int i = 0; i < n; i++) {
            HttpResponse<byte[]> r = get(sim, NdtwinSimulator.POWER_PATH);
            if (r.statusCode() == 500) {
                errors++;
            } else {
                try {
                    JSON.readTree(r.body());
                } catch (IOException e) {
                    malformed++;
                }
            }
        }
        assertTrue(errors > 25 && errors < 75, "errors " + errors);
        assertTrue(malformed > 25 && malformed < 75, "malformed " + malformed);
        assertEquals(n - errors - malformed, sim.servedCount(NdtwinSimulator.POWER_PATH));
    }

    @Test
    void addedLatencyDelaysResponses() throws Exception {
        NdtwinSimulator sim = start(NdtwinSimulator.builder().addedLatency(Duration.ofMillis(300)).clock(clock));
        long start = System.nanoTime();
        assertEquals(200, get(sim, NdtwinSimulator.FLOW_PATH).statusCode());
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos(), "response came before the added latency");
    }

    @Test
    void invalidSettingsNameTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NdtwinSimulator.builder().errorRate(1.5));
        assertEquals("error rate 1.5 must be from 0 to 1", e.getMessage());
        assertNotEquals(null, assertThrows(IllegalArgumentException.class, () -> NdtwinSimulator.builder().hosts(1)));
    }
}
