package org.nsr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.testing.RecordingWriter;
import picocli.CommandLine;

/** {@code nsr replay --serve} as a command: an OkHttp client sees the final recorded state. */
class ReplayServeCommandTest {
    static final LocalDateTime T0 = LocalDateTime.of(2025, 8, 22, 10, 0, 0);
    static final long T0_MS = T0.toInstant(ZoneOffset.UTC).toEpochMilli();

    @TempDir
    Path dir;

    @Test
    void serveAnswersWithTheLastRecordedFlowsAndGraphUntilStopped() throws Exception {
        RecordingWriter.writeZip(dir, T0, "flowinfo", List.of(
                RecordingWriter.flowinfoLine(T0_MS, "[" + RecordingWriter.ndtwinFlow(1, 2, 3, 4, 6, 100, 1) + "]"),
                RecordingWriter.flowinfoLine(T0_MS + 1000, "[" + RecordingWriter.ndtwinFlow(5, 6, 7, 8, 17, 900, 9) + "]")));
        RecordingWriter.writeJson(dir, T0, "graphinfo", List.of(
                RecordingWriter.graphinfoLine(T0_MS + 500, "[{\"dpid\":1}]", "[]")));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream savedErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        ReplayCommand cmd = new ReplayCommand();
        CompletableFuture<Integer> exit;
        try {
            exit = CompletableFuture.supplyAsync(() -> new CommandLine(cmd).execute(
                    dir.toString(), "--serve", "0", "--as-fast-as-possible"));
            Pattern serving = Pattern.compile("serving the NDTwin API on http://127\\.0\\.0\\.1:(\\d+)");
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!err.toString(StandardCharsets.UTF_8).contains("serving the final state")) {
                assertTrue(System.nanoTime() < deadline, "replay did not finish: " + err);
                Thread.sleep(10); // polling stderr with a deadline
            }
            Matcher m = serving.matcher(err.toString(StandardCharsets.UTF_8));
            assertTrue(m.find(), err.toString(StandardCharsets.UTF_8));
            OkHttpClient client = new OkHttpClient();
            ObjectMapper json = new ObjectMapper();
            String base = "http://127.0.0.1:" + m.group(1);
            try (Response r = client.newCall(new Request.Builder().url(base + "/ndt/get_detected_flow_data").build())
                    .execute()) {
                assertEquals(200, r.code());
                JsonNode flows = json.readTree(r.body().string());
                assertEquals(1, flows.size());
                assertEquals(17, flows.get(0).get("protocol_id").asInt());
            }
            try (Response r = client.newCall(new Request.Builder().url(base + "/ndt/get_graph_data").build()).execute()) {
                assertEquals(200, r.code());
                assertEquals("{\"nodes\":[{\"dpid\":1}],\"edges\":[]}", r.body().string());
            }
            cmd.stop.raise();
            assertEquals(0, exit.get(20, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            cmd.stop.raise();
            System.setErr(savedErr);
        }
    }
}
