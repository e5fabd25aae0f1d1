package org.nsr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.testing.JarProcess;
import org.nsr.testing.Recordings;

/** The packaged recorder run as a service: metrics and health over HTTP, SIGHUP reload losing nothing. */
class ServiceIT {
    private static final Pattern ENDPOINT = Pattern.compile("metrics and health on http://127\\.0\\.0\\.1:(\\d+)/metrics");
    private static final Pattern SUMMARY = Pattern.compile("summary (\\w+): (\\d+) accepted, (\\d+) records written");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path work;

    private void writeConfig(Path cfg, String sources) throws Exception {
        Files.writeString(cfg, """
                Recorder:
                  data:
                    storage_interval: "1s"
                    display_on_console: true
                    output_dir: "./out"
                    file_timezone: "UTC"
                    stats_interval: "1s"
                    metrics:
                      listen: "127.0.0.1:0"
                    sources:
                """ + sources);
    }

    private static String generator(String name) {
        return generator(name, 3000);
    }

    private static String generator(String name, int rate) {
        return "      - name: " + name + "\n        type: generator\n        threads: 1\n        rate: " + rate + "\n";
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Parses Prometheus text into "name{labels}" -> value, failing on any malformed line. */
    private static Map<String, Double> parsePrometheus(String text) {
        Map<String, Double> out = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return out;
    }

    private static long count(Path out, String source) {
        return Recordings.files(out, "_" + source + "_json.zip").size();
    }

    @Test
    void metricsHealthAndSighupReloadWorkOnTheRunningServiceWithoutLosingARecord() throws Exception {
        Path cfg = work.resolve("nsr.yaml");
        Path out = work.resolve("out");
        writeConfig(cfg, generator("alpha"));
        try (JarProcess nsr = JarProcess.start(work, work.resolve("run.log"), "record", "--config", cfg.toString())) {
            JarProcess.awaitCondition("the endpoint's address in the log", 60, () -> ENDPOINT.matcher(nsr.output()).find());
            Matcher m = ENDPOINT.matcher(nsr.output());
            assertTrue(m.find());
            int port = Integer.parseInt(m.group(1));
            JarProcess.awaitCondition("an alpha archive", 60, () -> count(out, "alpha") > 0);

            try (JarProcess second = JarProcess.start(work, work.resolve("second.log"), "record", "--config",
                    cfg.toString(), "--run-for", "5s")) {
                assertEquals(2, second.awaitExit(60), second.output());
                assertTrue(second.output().contains("Recorder.data.output_dir: './out' is in use by another recorder (pid "
                        + nsr.pid() + ")"), second.output());
            }

            HttpResponse<String> health = get(port, "/health");
            assertEquals(200, health.statusCode(), health.body());
            assertTrue(health.body().contains("\"status\":\"running\""), health.body());
            Map<String, Double> metrics = parsePrometheus(get(port, "/metrics").body());
            assertTrue(metrics.get("nsr_source_records_total{source=\"alpha\"}") > 0, metrics.toString());
            assertTrue(metrics.containsKey("nsr_queue_high_water{queue=\"alpha\"}"), metrics.toString());
            assertTrue(metrics.get("nsr_writer_files_total{source=\"alpha\"}") > 0, metrics.toString());
            assertTrue(metrics.containsKey("nsr_compress_backlog"), metrics.toString());
            JarProcess.awaitCondition("a periodic stats line", 30, () -> nsr.output().contains("stats alpha{"));

            // Reload: alpha goes, beta comes.
            writeConfig(cfg, generator("beta"));
            nsr.signal("HUP");
            JarProcess.awaitCondition("the reload applied", 60,
                    () -> nsr.output().contains("reload applied: added [beta], removed [alpha]"));
            JarProcess.awaitCondition("a beta archive", 60, () -> count(out, "beta") > 0);

            // Reload: beta changes; it is drained and started again under its new settings.
            writeConfig(cfg, generator("beta", 2000));
            nsr.signal("HUP");
            JarProcess.awaitCondition("the changed source restarted", 60,
                    () -> nsr.output().contains("reload applied: added [], removed [], restarted [beta]"));
            long betaAfterRestart = count(out, "beta");
            JarProcess.awaitCondition("beta recording after its restart", 60, () -> count(out, "beta") > betaAfterRestart);

            // A bad config is refused and the running one stays.
            Files.writeString(cfg, "Recorder:\n  data:\n    storage_interval: \"soon\"\n");
            nsr.signal("HUP");
            JarProcess.awaitCondition("the bad reload refused", 60, () -> nsr.output().contains("reload of"));
            assertTrue(nsr.output().contains("refused, the running config stays in place: "
                    + "Recorder.data.storage_interval: 'soon' is not a duration"), nsr.output());
            long betaBefore = count(out, "beta");
            JarProcess.awaitCondition("beta still recording", 60, () -> count(out, "beta") > betaBefore);
            assertEquals(200, get(port, "/health").statusCode());

            nsr.sigterm();
            assertEquals(0, nsr.awaitExit(90), nsr.output());
            Map<String, Long> accepted = new HashMap<>();
            Matcher s = SUMMARY.matcher(nsr.output());
            while (s.find()) {
                accepted.put(s.group(1), Long.parseLong(s.group(2)));
                assertEquals(s.group(2), s.group(3), "written == accepted for " + s.group(1));
            }
            assertEquals(List.of("alpha", "beta"), accepted.keySet().stream().sorted().toList());
            for (String source : List.of("alpha", "beta")) {
                long lines = 0;
                for (Path zip : Recordings.files(out, "_" + source + "_json.zip")) {
                    lines += Recordings.linesOf(zip).size();
                }
                assertEquals((long) accepted.get(source), lines, "every accepted " + source + " record is archived");
            }
            assertEquals(List.of(), Recordings.files(out, ".part"));
            assertEquals(List.of(), Recordings.files(out, ".json"));
        }
    }
}
