package org.nsr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.testing.JarProcess;
import org.nsr.testing.Recordings;

/**
 * The recorder's remote console on the packaged jar, over a real TCP socket: a wrong token is
 * refused and counted, {@code query feed} answers what {@code nsr lookup} prints for random keys,
 * a {@code to_file} name with {@code ../} is refused.
 */
class ConsoleIT {
    private static final String TOKEN = "console-it-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static List<String> reply(BufferedReader in) throws Exception {
        List<String> r = new ArrayList<>();
        for (String l = in.readLine(); l != null; l = in.readLine()) {
            r.add(l);
            if (l.startsWith("ok ") || l.startsWith("error: ")) {
                break;
            }
        }
        return r;
    }

    private static void send(OutputStream out, String line) throws Exception {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Test
    void queryFeedOverTcpEqualsLookupAndAWrongTokenIsRefusedAndCounted() throws Exception {
        int port = freePort();
        Path cfg = work.resolve("nsr.yaml");
        Files.writeString(cfg, """
                Recorder:
                  data:
                    storage_interval: "1s"
                    output_dir: "./out"
                    file_timezone: "UTC"
                    metrics: {listen: off}
                    console: {listen: "127.0.0.1:%d", token: "%s"}
                    compression: {workers: 1}
                    sources:
                      - name: gen
                        type: generator
                        threads: 1
                        rate: 2000
                """.formatted(port, TOKEN));
        Path out = work.resolve("out");
        List<String> keys = new ArrayList<>();
        List<List<String>> answers = new ArrayList<>();
        long endMs;
        try (JarProcess nsr = JarProcess.start(work, work.resolve("run.log"), "record", "--config", cfg.toString())) {
            JarProcess.awaitCondition("two archives", 60, () -> Recordings.files(out, "_json.zip").size() >= 2);
            Path first = Recordings.files(out, "_json.zip").stream().sorted().findFirst().orElseThrow();
            List<String> lines = Recordings.linesOf(first);
            long maxNs = 0;
            for (String l : lines) {
                maxNs = Math.max(maxNs, JSON.readTree(l).get("timestamp").asLong());
            }
            endMs = maxNs / 1_000_000; // every record before it is in the first archive
            Random rnd = new Random(12);
            while (keys.size() < 5) {
                JsonNode r = JSON.readTree(lines.get(rnd.nextInt(lines.size())));
                if (r.get("timestamp").asLong() < endMs * 1_000_000) { // inside the range asked
                    keys.add(r.get(rnd.nextBoolean() ? "src_ip" : "dst_ip").asText());
                }
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                s.setSoTimeout(30_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                send(s.getOutputStream(), "auth wrong-token-wrong-token");
                assertTrue(reply(in).get(0).startsWith("error: auth:"));
                assertNull(in.readLine(), "a refused connection is closed");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                s.setSoTimeout(30_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                OutputStream o = s.getOutputStream();
                send(o, "auth " + TOKEN);
                assertEquals(List.of("ok 0"), reply(in));
                send(o, "show stats");
                List<String> stats = reply(in);
                assertTrue(stats.get(1).contains("auth_failed=1"), stats.toString());
                for (String k : keys) {
                    send(o, "query feed index ip \"" + k + "\" end " + endMs);
                    answers.add(reply(in));
                }
                send(o, "query to_file \"../escape\" index ip \"" + keys.get(0) + "\"");
                assertTrue(reply(in).get(0).startsWith("error: at column 16: expected a plain file name"));
            }
            nsr.sigterm();
            assertEquals(0, nsr.awaitExit(60), nsr.output());
        }
        assertTrue(Files.notExists(work.resolve("escape")));
        for (int i = 0; i < keys.size(); i++) {
            try (JarProcess lookup = JarProcess.start(work, work.resolve("lookup" + i + ".log"), "lookup",
                    out.toString(), "ip", keys.get(i), "--to", String.valueOf(endMs))) {
                assertEquals(0, lookup.awaitExit(60), lookup.output());
                List<String> want = new ArrayList<>(lookup.output().lines().filter(l -> l.startsWith("{")).toList());
                assertTrue(!want.isEmpty(), "key " + keys.get(i) + " has records; lookup said:\n" + lookup.output()
                        + "\nthe console said: " + answers.get(i));
                want.add("ok " + (want.size()));
                assertEquals(want, answers.get(i), "key " + keys.get(i));
            }
        }
    }

    @Test
    void aConsoleOnANonLoopbackAddressWithoutATokenIsAConfigErrorWithExitTwo() throws Exception {
        Path cfg = work.resolve("open.yaml");
        Files.writeString(cfg, """
                Recorder:
                  data:
                    output_dir: "./open"
                    metrics: {listen: off}
                    console: {listen: "0.0.0.0:%d"}
                    sources:
                      - {name: gen, type: generator, rate: 10}
                """.formatted(freePort()));
        try (JarProcess nsr = JarProcess.start(work, work.resolve("open.log"), "record", "--config", cfg.toString())) {
            assertEquals(2, nsr.awaitExit(60), nsr.output());
            assertTrue(nsr.output().contains("Recorder.data.console"), nsr.output());
            assertTrue(nsr.output().contains("token"), nsr.output());
            assertTrue(!nsr.output().contains("\tat org.nsr"), "no stack trace for a user error: " + nsr.output());
        }
    }
}
