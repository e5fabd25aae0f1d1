package org.nsr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.testing.JarProcess;
import org.nsr.testing.Recordings;

/**
 * {@code nsr simulate} and {@code nsr record} as subprocesses: after SIGTERM the recorder exits 0
 * and every poll the simulator answered with a good 200 is in the archives exactly once. The
 * simulator logs a CRC32C of every such body; the recorder's line holds the same body re-written
 * compactly (identical bytes, since both sides write compact JSON), so the multisets must match.
 */
class SimulatorRecorderIT {
    private static final Pattern SERVING = Pattern.compile("NDTwin simulator serving (http://[0-9.]+:\\d+) ");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FLOW_PATH = "/ndt/get_detected_flow_data";
    private static final String GRAPH_PATH = "/ndt/get_graph_data";

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode served(String base) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/sim/served")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return JSON.readTree(r.body());
    }

    @Test
    void everyGoodPollTheSimulatorServedIsArchivedExactlyOnceAfterSigterm() throws Exception {
        try (JarProcess sim = JarProcess.start(work, work.resolve("sim.log"), "simulate", "--port", "0",
                "--seed", "42", "--hosts", "16", "--flows", "40", "--error-rate", "0.1", "--malformed-rate", "0.05")) {
            AtomicReference<String> base = new AtomicReference<>();
            JarProcess.awaitCondition("the simulator's URL", 60, () -> {
                Matcher m = SERVING.matcher(sim.output());
                if (m.find()) {
                    base.set(m.group(1));
                }
                return base.get() != null;
            });
            Path cfg = work.resolve("nsr.yaml");
            Files.writeString(cfg, """
                    Recorder:
                      data:
                        ndtwin_kernel: "%s"
                        request_interval: "200ms"
                        storage_interval: "2s"
                        display_on_console: true
                        log_level: "INFO"
                        output_dir: "./out"
                        stop_timeout: "60s"
                        file_timezone: "UTC"
                        metrics:
                          listen: "127.0.0.1:0"
                    """.formatted(base.get()));
            Path out = work.resolve("out");
            try (JarProcess nsr = JarProcess.start(work, work.resolve("record.log"), "record", "--config", cfg.toString())) {
                JarProcess.awaitCondition("a flowinfo archive, 25 good flow polls and a fault on each path", 90, () -> {
                    try {
                        JsonNode r = served(base.get());
                        return !Recordings.files(out, "_flowinfo_json.zip").isEmpty()
                                && r.get("served").get(FLOW_PATH).asLong() >= 25
                                && faults(r, FLOW_PATH) > 0 && faults(r, GRAPH_PATH) > 0;
                    } catch (Exception e) {
                        return false;
                    }
                });
                nsr.sigterm();
                assertEquals(0, nsr.awaitExit(90), nsr.output());
                assertTrue(nsr.output().contains("poll of"), "injected faults were logged:\n" + nsr.output());
            }
            JsonNode report = served(base.get());
            assertEquals(0, report.get("log_dropped").asLong());
            assertTrue(faults(report, FLOW_PATH) > 0 && faults(report, GRAPH_PATH) > 0, "faults were injected: " + report);

            TreeMap<Long, Integer> expectedFlow = new TreeMap<>();
            TreeMap<Long, Integer> expectedGraph = new TreeMap<>();
            for (JsonNode e : report.get("log")) {
                String path = e.get("path").asText();
                TreeMap<Long, Integer> target = path.equals(FLOW_PATH) ? expectedFlow
                        : path.equals(GRAPH_PATH) ? expectedGraph : null;
                if (target != null) {
                    target.merge(e.get("crc32c").asLong(), 1, Integer::sum);
                }
            }
            assertEquals(List.of(), Recordings.files(out, ".part"), "no .part file is left");
            List<String> flowLines = lines(out, "_flowinfo_json.zip");
            List<String> graphLines = lines(out, "_graphinfo_json.zip");
            assertEquals(report.get("served").get(FLOW_PATH).asLong(), flowLines.size(), "flowinfo lines");
            assertEquals(report.get("served").get(GRAPH_PATH).asLong(), graphLines.size(), "graphinfo lines");
            assertEquals(expectedFlow, bodyCrcs(flowLines, "flowinfo"), "flow bodies archived exactly once each");
            assertEquals(expectedGraph, bodyCrcs(graphLines, null), "graph bodies archived exactly once each");
            sim.sigterm();
            sim.awaitExit(30);
        }
    }

    private static List<String> lines(Path out, String suffix) throws Exception {
        List<String> lines = new ArrayList<>();
        for (Path zip : Recordings.files(out, suffix)) {
            lines.addAll(Recordings.linesOf(zip));
        }
        return lines;
    }

    /**
     * Recovers each served body from its line: the value after {@code "<field>":} for a wrapped
     * line, or {@code {} plus the fields after the timestamp for a merged one.
     */
    private static TreeMap<Long, Integer> bodyCrcs(List<String> lines, String field) {
        TreeMap<Long, Integer> crcs = new TreeMap<>();
        Pattern head = Pattern.compile("^\\{\"timestamp\":\\d+,");
        long lastTimestamp = -1;
        for (String line : lines) {
            Matcher m = head.matcher(line);
            assertTrue(m.find(), line.substring(0, Math.min(200, line.length())));
            String rest = line.substring(m.end());
            String body;
            if (field != null) {
                String prefix = "\"" + field + "\":";
                assertTrue(rest.startsWith(prefix) && rest.endsWith("}"), rest.substring(0, Math.min(100, rest.length())));
                body = rest.substring(prefix.length(), rest.length() - 1);
            } else {
                body = "{" + rest;
            }
            long ts = Long.parseLong(line.substring("{\"timestamp\":".length(), m.end() - 1));
            assertTrue(ts > lastTimestamp, "timestamps increase within a source: " + ts + " after " + lastTimestamp);
            lastTimestamp = ts;
            CRC32C crc = new CRC32C();
            crc.update(body.getBytes(StandardCharsets.UTF_8));
            crcs.merge(crc.getValue(), 1, Integer::sum);
        }
        return crcs;
    }

    private static long faults(JsonNode report, String path) {
        return report.get("errors").get(path).asLong() + report.get("malformed").get(path).asLong();
    }
}
