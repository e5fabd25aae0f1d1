package org.nsr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.testing.JarProcess;
import org.nsr.testing.Recordings;

/**
 * The durable and archived watermarks of the packaged recorder, read from /metrics
 * ({@code nsr_sink_durable_seq}, {@code nsr_sink_archived_seq}), hold across kill -9: after a
 * restart and its recovery the first N records are in the recording. One generator thread, so
 * sequence order is time order and the records of the first run are those stamped before the
 * restart; a file is appended in order, so what is there is a prefix and counting it suffices.
 */
class WatermarkIT {
    private static final Pattern ENDPOINT = Pattern.compile("metrics and health on http://127\\.0\\.0\\.1:(\\d+)/metrics");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path work;

    private double metric(int port, String series) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        for (String line : body.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1));
            }
        }
        return -1;
    }

    @Test
    void afterTheWatermarksSayNAKillMinus9AndARestartKeepTheFirstNRecords() throws Exception {
        Path cfg = work.resolve("nsr.yaml");
        Files.writeString(cfg, """
                Recorder:
                  data:
                    storage_interval: "1s"
                    display_on_console: true
                    output_dir: "./out"
                    flush_interval: "5s"
                    file_timezone: "UTC"
                    metrics:
                      listen: "127.0.0.1:0"
                    sources:
                      - name: gen
                        type: generator
                        threads: 1
                        rate: 5000
                """);
        Path out = work.resolve("out");
        double durable;
        double archived;
        try (JarProcess first = JarProcess.start(work, work.resolve("first.log"), "record", "--config", cfg.toString())) {
            JarProcess.awaitCondition("the endpoint's address in the log", 60, () -> ENDPOINT.matcher(first.output()).find());
            Matcher m = ENDPOINT.matcher(first.output());
            assertTrue(m.find());
            int port = Integer.parseInt(m.group(1));
            JarProcess.awaitCondition("three archives", 60, () -> Recordings.files(out, "_json.zip").size() >= 3);
            // archived first: durable only grows and is at least archived at any instant, so the later
            // reading of durable bounds the earlier one of archived (in the other order an archive
            // finished between the two readings passed the durable figure read before it)
            archived = metric(port, "nsr_sink_archived_seq{source=\"gen\"}");
            durable = metric(port, "nsr_sink_durable_seq{source=\"gen\"}");
            first.sigkill(); // at once: everything accepted after the reading may be lost, nothing before it
            first.awaitExit(30);
        }
        assertTrue(archived > 0, "the archived watermark moved: " + archived);
        assertTrue(durable >= archived, "what is archived is durable: durable " + durable + ", archived " + archived);

        long restartedAtMs = System.currentTimeMillis();
        try (JarProcess second = JarProcess.start(work, work.resolve("second.log"), "record", "--config",
                cfg.toString(), "--run-for", "2s")) {
            assertEquals(0, second.awaitExit(90), second.output());
        }
        List<String> lines = Recordings.archivedLines(out);
        long ofFirstRun = 0;
        for (String line : lines) {
            if (JSON.readTree(line).get("timestamp").asLong() / 1_000_000 < restartedAtMs) {
                ofFirstRun++;
            }
        }
        assertTrue(ofFirstRun >= durable, "the first " + (long) durable + " records are in the recording; only "
                + ofFirstRun + " of the first run are");
    }
}
