package org.nsr.replay.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.archive.ArchiveReader;
import org.nsr.core.StopSignal;
import org.nsr.metrics.Metrics;
import org.nsr.replay.Pacer;
import org.nsr.replay.ReadSelection;
import org.nsr.replay.ReadStats;
import org.nsr.replay.RecordingIndex;
import org.nsr.replay.Replayer;
import org.nsr.replay.TimeRange;
import org.nsr.testing.FakeTicker;
import org.nsr.testing.RecordingWriter;

class NdtwinStateServerTest {
    static final LocalDateTime T0 = LocalDateTime.of(2025, 8, 22, 10, 0, 0);
    static final long T0_MS = T0.toInstant(ZoneOffset.UTC).toEpochMilli();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final OkHttpClient client = new OkHttpClient();
    private NdtwinStateServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Response get(String path) throws IOException {
        return client.newCall(new Request.Builder().url("http://127.0.0.1:" + server.port() + path).build()).execute();
    }

    private JsonNode getJson(String path) throws IOException {
        try (Response r = get(path)) {
            assertEquals(200, r.code(), path);
            return JSON.readTree(r.body().string());
        }
    }

    private static String flows(int n) {
        List<String> flows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            flows.add(RecordingWriter.ndtwinFlow(1359063232L, 16885952L + i, 5201, 40000 + i, 6, 1000L * (i + 1), i + 1));
        }
        return "[" + String.join(",", flows) + "]";
    }

    /** The NDTwin API samples (test resources, copied from the shared fixtures). */
    static String fixture(String name) throws java.io.IOException {
        try (java.io.InputStream in = NdtwinStateServerTest.class.getResourceAsStream("/ndtwin/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void servedStateIsTheLatestRecordAtOrBeforeTheReplayClock() throws Exception {
        // flow polls at 0, 1, 2, 3 s with 1..4 flows; graph polls at 0.5 s and 2.5 s
        List<String> flowLines = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            flowLines.add(RecordingWriter.flowinfoLine(T0_MS + s * 1000L, flows(s + 1)));
        }
        RecordingWriter.writeZip(dir, T0, "flowinfo", flowLines);
        String fixtureGraph = fixture("get_graph_data.json");
        JsonNode graph = JSON.readTree(fixtureGraph);
        RecordingWriter.writeZip(dir, T0, "graphinfo", List.of(
                RecordingWriter.graphinfoLine(T0_MS + 500, "[]", "[]"),
                RecordingWriter.graphinfoLine(T0_MS + 2500, graph.get("nodes").toString(), graph.get("edges").toString())));

        NdtwinState state = new NdtwinState();
        server = new NdtwinStateServer(state, new InetSocketAddress("127.0.0.1", 0), new Metrics());
        server.start();
        try (Response r = get(NdtwinStateServer.FLOW_PATH)) {
            assertEquals(503, r.code(), "nothing replayed yet");
        }

        // each time the replay waits, ask the server: it must show the state of the records released so far
        FakeTicker clock = FakeTicker.advancingOnAwait(java.time.Instant.parse("2026-11-23T10:00:00Z"));
        StopSignal stop = new StopSignal();
        List<Integer> flowCounts = new ArrayList<>();
        List<Integer> nodeCounts = new ArrayList<>();
        clock.onAwait(() -> {
            try {
                flowCounts.add(getJson(NdtwinStateServer.FLOW_PATH).size());
                try (Response g = get(NdtwinStateServer.GRAPH_PATH)) {
                    nodeCounts.add(g.code() == 503 ? -1 : JSON.readTree(g.body().string()).get("nodes").size());
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        new Replayer(RecordingIndex.scan(dir), new ReadSelection(Set.of(), TimeRange.ALL),
                new ArchiveReader(), new ReadStats(new Metrics()), Pacer.atSpeed(clock, stop, 1.0), false,
                new StateSink(state), stop, null).run();
        // released in order F0 G0.5 F1 F2 G2.5 F3; the replay waits before each record after the first,
        // and at each wait the server shows the records released so far (-1: no graph yet, 503)
        assertEquals(List.of(1, 1, 2, 3, 3), flowCounts);
        assertEquals(List.of(-1, 0, 0, 0, 2), nodeCounts);

        JsonNode finalFlows = getJson(NdtwinStateServer.FLOW_PATH);
        assertEquals(4, finalFlows.size());
        assertEquals(16885952L + 3, finalFlows.get(3).get("dst_ip").asLong());
        assertEquals(graph, getJson(NdtwinStateServer.GRAPH_PATH));
    }

    @Test
    void aQueryStringOrAnotherPathIsNotFoundLikeTheKernel() throws Exception {
        server = new NdtwinStateServer(new NdtwinState(), new InetSocketAddress("127.0.0.1", 0), new Metrics());
        server.start();
        try (Response r = get(NdtwinStateServer.FLOW_PATH + "?x=1")) {
            assertEquals(404, r.code());
        }
        try (Response r = get("/ndt/other")) {
            assertEquals(404, r.code());
            assertTrue(r.body().string().contains("\"error\""));
        }
    }
}
