package org.nsr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.testing.JarProcess;

/**
 * The push source on the packaged jar (-Xmx256m): kill -9 at a random moment while clients post
 * with {@code ack: durable}, restart, and every record whose POST got 200 is counted once; hostile
 * bodies get 400 or 413 and leave the process serving.
 */
class IngestKillIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TIME = "2026-11-01T05:00:00Z";
    private static final String RANGE = "/flows?from=2026-11-01T05:00:00Z&to=2026-11-01T06:00:00Z";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path work;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Path config(int port) throws IOException {
        Path cfg = work.resolve("nsr.yaml");
        Files.writeString(cfg, """
                Recorder:
                  data:
                    storage_interval: "2s"
                    output_dir: "./out"
                    file_timezone: "UTC"
                    metrics:
                      listen: "off"
                    sources:
                      - {name: push, type: ingest, listen: "127.0.0.1:%d", ack: durable}
                """.formatted(port));
        return cfg;
    }

    private void awaitReady(JarProcess p, String base) throws InterruptedException {
        JarProcess.awaitCondition("the ingest API open", 90, () -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    private Map<String, Long> readBack(String base) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + RANGE)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Long> out = new java.util.HashMap<>();
        for (JsonNode row : JSON.readTree(r.body())) {
            assertEquals(row.get("bytes_tx").asLong(), row.get("bytes_rx").asLong(), "a torn pair: " + row);
            out.put(row.get("src_app").asText() + "/" + row.get("dest_app").asText(), row.get("bytes_tx").asLong());
        }
        return out;
    }

    @Test
    void tenRoundsOfKillMinus9WhilePostingLoseNoAcknowledgedRecordAndCountNoneTwice() throws Exception {
        int port = freePort();
        Path cfg = config(port);
        String base = "http://127.0.0.1:" + port;
        Map<String, Long> acked = new ConcurrentHashMap<>();
        Map<String, Long> sentUnanswered = new ConcurrentHashMap<>();
        Random random = new Random(13);
        for (int round = 0; round < 10; round++) {
            try (JarProcess p = JarProcess.start(work, work.resolve("round" + round + ".log"), "record", "--config",
                    cfg.toString())) {
                awaitReady(p, base);
                if (round > 0) {
                    check(readBack(base), acked, sentUnanswered, round);
                }
                AtomicBoolean go = new AtomicBoolean(true);
                List<Thread> clients = new ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    int client = c;
                    int r = round;
                    Thread t = new Thread(() -> post(base, r, client, go, acked, sentUnanswered));
                    t.start();
                    clients.add(t);
                }
                long killAfter = 300 + random.nextInt(1500);
                JarProcess.awaitCondition("some POSTs acknowledged", 60, () -> !acked.isEmpty());
                Thread.sleep(killAfter); // the random moment of the kill is the test's input, not a wait for something
                p.sigkill();
                p.awaitExit(30);
                go.set(false);
                for (Thread t : clients) {
                    t.join(60_000);
                }
            }
        }
        try (JarProcess last = JarProcess.start(work, work.resolve("last.log"), "record", "--config", cfg.toString())) {
            awaitReady(last, base);
            check(readBack(base), acked, sentUnanswered, 10);
            last.sigterm();
            assertEquals(0, last.awaitExit(60), last.output());
        }
        assertTrue(acked.size() > 100, "enough acknowledged POSTs to mean something: " + acked.size());
    }

    private static void check(Map<String, Long> seen, Map<String, Long> acked, Map<String, Long> unanswered, int round) {
        for (var e : acked.entrySet()) {
            assertEquals(e.getValue(), seen.get(e.getKey()), "after round " + round + ": acknowledged flow " + e.getKey());
        }
        for (var e : seen.entrySet()) {
            Long sent = acked.containsKey(e.getKey()) ? acked.get(e.getKey()) : unanswered.get(e.getKey());
            assertEquals(sent, e.getValue(), "after round " + round + ": flow " + e.getKey()
                    + " counted as sent, once (never twice, never unsent)");
        }
    }

    /** Each POST carries 20 flows of its own, tx == rx, so a double count or a torn pair shows. */
    private void post(String base, int round, int client, AtomicBoolean go, Map<String, Long> acked,
            Map<String, Long> unanswered) {
        for (int n = 0; go.get(); n++) {
            String src = "r" + round + "-c" + client + "-p" + n;
            StringBuilder b = new StringBuilder("[");
            Map<String, Long> mine = new java.util.HashMap<>();
            for (int i = 0; i < 20; i++) {
                long v = 1 + (n * 31L + i) % 997;
                mine.put(src + "/d" + i, v);
                b.append(i == 0 ? "" : ",").append("{\"src_app\":\"").append(src).append("\",\"dest_app\":\"d").append(i)
                        .append("\",\"vpc_id\":\"v\",\"bytes_tx\":").append(v).append(",\"bytes_rx\":").append(v)
                        .append(",\"time\":\"").append(TIME).append("\"}");
            }
            unanswered.putAll(mine);
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/flows"))
                        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(b.append(']')
                                .toString())).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    acked.putAll(mine);
                }
            } catch (IOException e) {
                return; // the process was killed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Test
    void garbageAHugeStringAndDeepNestingGet400Or413AndTheProcessKeepsServingInA256MHeap() throws Exception {
        int port = freePort();
        Path cfg = config(port);
        String base = "http://127.0.0.1:" + port;
        try (JarProcess p = JarProcess.start(work, work.resolve("hostile.log"), "record", "--config", cfg.toString())) {
            awaitReady(p, base);
            long heapBefore = heapUsedAfterGcKb(p.pid());
            byte[] garbage = new byte[1 << 20];
            new Random(1).nextBytes(garbage);
            garbage[0] = '#';
            int status = streamChunked(port, new byte[0], garbage, 1024L); // 1 GB of garbage
            assertTrue(status == 400 || status == 413, "garbage: " + status);
            byte[] aaa = new byte[1 << 20];
            java.util.Arrays.fill(aaa, (byte) 'a');
            status = streamChunked(port, "[{\"src_app\":\"".getBytes(StandardCharsets.UTF_8), aaa, 100L); // 100 MB string
            assertTrue(status == 400 || status == 413, "huge string: " + status);
            byte[] nested = new byte[100_000];
            java.util.Arrays.fill(nested, (byte) '[');
            status = streamChunked(port, nested, new byte[0], 0);
            assertEquals(400, status, "100,000 nested arrays");
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(base + "/flows")).POST(
                    HttpRequest.BodyPublishers.ofString("[{\"src_app\":\"a\",\"dest_app\":\"b\",\"vpc_id\":\"v\","
                            + "\"bytes_tx\":1,\"bytes_rx\":1,\"hour\":1}]")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode(), ok.body());
            assertTrue(p.isAlive());
            assertTrue(!p.output().contains("OutOfMemoryError"), "no OutOfMemoryError in the log");
            long heapAfter = heapUsedAfterGcKb(p.pid());
            assertTrue(heapAfter < heapBefore + 32 * 1024, "the hostile bodies left no memory behind: heap used after a GC "
                    + heapBefore / 1024 + " MB before, " + heapAfter / 1024 + " MB after");
            p.sigterm();
            assertEquals(0, p.awaitExit(60), p.output());
        }
    }

    /** The recorder's heap in use right after a full GC (jcmd GC.run, GC.heap_info), in KB. */
    private static long heapUsedAfterGcKb(long pid) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        jcmdOutput(jcmd, pid, "GC.run");
        String info = jcmdOutput(jcmd, pid, "GC.heap_info");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
        assertTrue(m.find(), "jcmd GC.heap_info names the heap in use: " + info);
        return Long.parseLong(m.group(1));
    }

    private static String jcmdOutput(String jcmd, long pid, String command) throws Exception {
        Process p = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "jcmd " + command + " ended");
        assertEquals(0, p.exitValue(), "jcmd " + command + ": " + out);
        return out;
    }

    /** POSTs {@code head} then {@code times} copies of {@code block}, chunked; returns the status, however far the upload got. */
    private static int streamChunked(int port, byte[] head, byte[] block, long times) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /flows HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            Thread writer = new Thread(() -> {
                try {
                    chunk(out, head);
                    for (long i = 0; i < times; i++) {
                        chunk(out, block);
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    // the server answered and closed: the rest of the upload is refused, as it should be
                }
            });
            writer.setDaemon(true);
            writer.start();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                line.append((char) c);
            }
            s.close();
            writer.join(30_000);
            String[] parts = line.toString().split(" ");
            return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
        }
    }

    private static void chunk(OutputStream out, byte[] b) throws IOException {
        if (b.length == 0) {
            return;
        }
        out.write((Integer.toHexString(b.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
}
