package org.nsr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.server.SlowClients;
import org.nsr.testing.JarProcess;
import org.nsr.testing.RecordingWriter;

/**
 * The packaged jar's listeners: {@code replay --serve} keeps answering with 50 slow-loris clients
 * connected and exits 0 on SIGTERM; a taken port exits 1 for {@code record}, {@code simulate} and
 * {@code replay --serve} alike (so systemd's RestartPreventExitStatus=2 still retries).
 */
class ListenersIT {
    private static final LocalDateTime T0 = LocalDateTime.of(2025, 8, 22, 10, 0, 0);
    private static final long T0_MS = T0.toInstant(ZoneOffset.UTC).toEpochMilli();
    private static final Pattern SERVING = Pattern.compile("serving the NDTwin API on http://127\\.0\\.0\\.1:(\\d+)");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path work;

    private Path recording() throws Exception {
        Path dir = Files.createDirectories(work.resolve("rec"));
        RecordingWriter.writeZip(dir, T0, "flowinfo", List.of(
                RecordingWriter.flowinfoLine(T0_MS, "[" + RecordingWriter.ndtwinFlow(1, 2, 3, 4, 6, 100, 1) + "]")));
        RecordingWriter.writeJson(dir, T0, "graphinfo", List.of(
                RecordingWriter.graphinfoLine(T0_MS + 500, "[{\"dpid\":1}]", "[]")));
        return dir;
    }

    private long timedGet(String url, int expectStatus, String mustContain) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(expectStatus, r.statusCode(), url);
        assertTrue(r.body().contains(mustContain), url + " -> " + r.body());
        assertTrue(ms < 1_000, url + " took " + ms + " ms with 50 slow clients; the bound is 1000 ms");
        return ms;
    }

    @Test
    void replayServeAnswersWithinASecondBesideFiftySlowClientsAndExitsZeroOnSigterm() throws Exception {
        Path dir = recording();
        try (JarProcess p = JarProcess.start(work, work.resolve("replay.log"), "replay", dir.toString(), "--serve", "0",
                "--as-fast-as-possible")) {
            JarProcess.awaitCondition("the replay to reach its final state", 30,
                    () -> p.output().contains("serving the final state"));
            Matcher m = SERVING.matcher(p.output());
            assertTrue(m.find(), p.output());
            int port = Integer.parseInt(m.group(1));
            String base = "http://127.0.0.1:" + port;
            try (SlowClients slow = SlowClients.open(port, 50)) {
                for (int round = 0; round < 5; round++) {
                    timedGet(base + "/ndt/get_graph_data", 200, "\"dpid\":1");
                    timedGet(base + "/metrics", 200, "nsr_replay_records_read_total 2");
                }
            }
            p.sigterm();
            assertEquals(0, p.awaitExit(30), p.output());
        }
    }

    @Test
    void aTakenPortExitsOneForRecordSimulateAndReplayServeAlike() throws Exception {
        Path dir = recording();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Path cfg = work.resolve("busy.yaml");
            Files.writeString(cfg, """
                    Recorder:
                      data:
                        display_on_console: true
                        output_dir: "./out"
                        metrics: {listen: "127.0.0.1:%d"}
                        sources:
                          - name: gen
                            type: generator
                    """.formatted(port));
            String expected = "cannot listen on 127.0.0.1:" + port + ": ";
            int[] codes = new int[3];
            String[][] commands = {
                {"record", "-c", cfg.toString()},
                {"simulate", "--port", Integer.toString(port)},
                {"replay", dir.toString(), "--serve", Integer.toString(port)}};
            for (int i = 0; i < commands.length; i++) {
                try (JarProcess p = JarProcess.start(work, work.resolve("busy" + i + ".log"), commands[i])) {
                    codes[i] = p.awaitExit(60);
                    assertTrue(p.output().contains(expected), commands[i][0] + " names the address: " + p.output());
                    assertTrue(!p.output().contains("\tat "), commands[i][0] + " prints no stack trace: " + p.output());
                }
            }
            assertEquals(List.of(1, 1, 1), List.of(codes[0], codes[1], codes[2]),
                    "record, simulate and replay --serve exit 1 on a taken port");
        }
    }
}
