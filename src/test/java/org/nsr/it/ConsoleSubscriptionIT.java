package org.nsr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.testing.JarProcess;
import org.nsr.testing.Recordings;

/**
 * A live subscription on the packaged jar, exactly once: subscribed to an {@code ip} key while a
 * generator records (two producer threads), the recorder stopped by SIGTERM a few files later; the
 * subscription's records are the archived records of the key, none missing, none twice, and it
 * ends with {@code error: recorder stopping}.
 */
class ConsoleSubscriptionIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aSubscriptionGetsEveryArchivedRecordOfItsKeyOnceFromTheStoredPartThroughTheLivePartToTheStop()
            throws Exception {
        int port = freePort();
        Files.writeString(work.resolve("flows.yaml"), "network:\n  source_subnets: [10.9.0.0/28]\n");
        Path cfg = work.resolve("nsr.yaml");
        Files.writeString(cfg, """
                Recorder:
                  data:
                    storage_interval: "1s"
                    output_dir: "./out"
                    file_timezone: "UTC"
                    metrics: {listen: off}
                    console: {listen: "127.0.0.1:%d"}
                    compression: {workers: 1}
                    sources:
                      - name: gen
                        type: generator
                        threads: 2
                        rate: 4000
                        config: "flows.yaml"
                """.formatted(port));
        Path out = work.resolve("out");
        String key;
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<String> finalLine = new CompletableFuture<>();
        try (JarProcess nsr = JarProcess.start(work, work.resolve("run.log"), "record", "--config", cfg.toString())) {
            JarProcess.awaitCondition("an archive", 60, () -> !Recordings.files(out, "_json.zip").isEmpty());
            Path first = Recordings.files(out, "_json.zip").stream().sorted().findFirst().orElseThrow();
            Map<String, Integer> counts = new HashMap<>();
            for (String l : Recordings.linesOf(first)) {
                counts.merge(JSON.readTree(l).get("src_ip").asText(), 1, Integer::sum);
            }
            key = Collections.max(counts.entrySet(), Map.Entry.comparingByValue()).getKey();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                s.setSoTimeout(60_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.UTF_8));
                s.getOutputStream().write(("query feed index ip \"" + key + "\" subscribe\n")
                        .getBytes(StandardCharsets.UTF_8));
                s.getOutputStream().flush();
                String header = in.readLine();
                assertTrue(header.startsWith("subscription 1: "), header);
                Thread reader = new Thread(() -> {
                    try {
                        for (String l = in.readLine(); l != null; l = in.readLine()) {
                            if (l.startsWith("ok ") || l.startsWith("error: ")) {
                                finalLine.complete(l);
                                return;
                            }
                            got.add(l);
                        }
                        finalLine.complete("closed without a final line");
                    } catch (Exception e) {
                        finalLine.completeExceptionally(e);
                    }
                }, "subscription reader");
                reader.start();
                int archivesAtStart = Recordings.files(out, "_json.zip").size();
                JarProcess.awaitCondition("three more archives while subscribed", 60,
                        () -> Recordings.files(out, "_json.zip").size() >= archivesAtStart + 3);
                int beforeStop = got.size();
                nsr.sigterm();
                assertEquals("error: recorder stopping", finalLine.get(60, TimeUnit.SECONDS));
                assertEquals(0, nsr.awaitExit(60), nsr.output());
                assertTrue(beforeStop > 0, "records arrived while recording");
            }
        }
        List<String> want;
        try (JarProcess lookup = JarProcess.start(work, work.resolve("lookup.log"), "lookup", out.toString(), "ip",
                key)) {
            assertEquals(0, lookup.awaitExit(60), lookup.output());
            want = new ArrayList<>(lookup.output().lines().filter(l -> l.startsWith("{")).toList());
        }
        List<String> mine = new ArrayList<>(got);
        assertEquals(mine.size(), new HashSet<>(mine).size(), "no record twice");
        Collections.sort(mine);
        Collections.sort(want);
        assertTrue(want.size() > 20, "the key has records: " + want.size());
        List<String> missing = new ArrayList<>(want);
        missing.removeAll(new HashSet<>(mine));
        List<String> extra = new ArrayList<>(mine);
        extra.removeAll(new HashSet<>(want));
        assertEquals(List.of(), missing.subList(0, Math.min(5, missing.size())), missing.size() + " missing");
        assertEquals(List.of(), extra.subList(0, Math.min(5, extra.size())), extra.size() + " not archived");
        assertEquals(want, mine);
    }
}
