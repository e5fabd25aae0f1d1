package org.nsr.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.archive.ArchiveReader;
import org.nsr.cli.Main;
import org.nsr.config.DetectSettings;
import org.nsr.config.ListenerSettings;
import org.nsr.replay.RecordingIndex;
import org.nsr.testing.RecordingWriter;

/**
 * {@code nsr dashboard DIR} over HTTP on port 0: a 20-minute generator recording in two archives,
 * quiet for 10 minutes, then a heavy talker and, at 14:10, a port scan. The slider's range is
 * the recording's, and the state at a time shows what the archives of the 5 minutes before it hold.
 */
class RecordingDashboardTest {
    private static final String TOKEN = "a-recording-token-0123456789";
    private static final LocalDateTime T0 = LocalDateTime.of(2026, 3, 1, 12, 0, 0);
    private static final long T0_MS = T0.toInstant(ZoneOffset.UTC).toEpochMilli();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newHttpClient();
    private RecordingDashboard page;
    private long lastMs;

    @BeforeEach
    void record() throws Exception {
        for (int half = 0; half < 2; half++) {
            List<String> lines = new ArrayList<>();
            for (int sec = half * 600; sec < half * 600 + 600; sec++) {
                long ms = T0_MS + sec * 1000L;
                for (int i = 0; i < 10; i++) {
                    lines.add(RecordingWriter.generatorLine(1, (ms + i * 10) * 1_000_000L, "10.0.0." + (i % 5 + 1),
                            "10.0.1.1", 40000 + i, 443, 6, 10, 5000));
                }
                if (sec >= 600) {
                    lines.add(RecordingWriter.generatorLine(1, (ms + 500) * 1_000_000L, "10.9.9.9", "10.0.1.2", 5000,
                            9000, 17, 100, 150_000));
                }
                if (sec == 850) {
                    for (int port = 1; port <= 150; port++) {
                        lines.add(RecordingWriter.generatorLine(1, (ms + 600 + port) * 1_000_000L, "198.51.100.9",
                                "10.0.1.1", 55555, port, 6, 1, 60));
                    }
                }
            }
            lines.sort((a, b) -> Long.compare(stamp(a), stamp(b)));
            lastMs = stamp(lines.get(lines.size() - 1)) / 1_000_000;
            RecordingWriter.writeZip(dir, T0.plusMinutes(10L * half), "flows", lines);
        }
    }

    private static long stamp(String line) {
        int i = line.indexOf("\"timestamp\":") + 12;
        return Long.parseLong(line.substring(i, line.indexOf(',', i)));
    }

    private RecordingDashboard start(String token) throws Exception {
        RecordingHistory history = RecordingHistory.open(RecordingIndex.scan(dir),
                new ArchiveReader(ArchiveReader.Options.defaults().withVerifyCrc(true)), DetectSettings.defaults());
        ListenerSettings listener = new ListenerSettings(new InetSocketAddress("127.0.0.1", 0), token);
        page = new RecordingDashboard(history, listener).start(listener);
        return page;
    }

    @AfterEach
    void stop() {
        if (page != null) {
            page.close();
        }
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(page.url() + path));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode at(long ms) throws Exception {
        HttpResponse<String> r = get("/at?t=" + ms);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    @Test
    void theSliderSpansTheRecordingAndEachTimeShowsItsRatesTalkersAndAlerts() throws Exception {
        start(null);
        HttpResponse<String> html = get("/");
        assertEquals(200, html.statusCode());
        assertTrue(html.body().contains("id=\"slider\"") && html.body().contains("/recording.js"));
        assertEquals(200, get("/recording.js").statusCode());
        assertEquals(200, get("/vendor/uPlot.min.js").statusCode());

        JsonNode range = JSON.readTree(get("/range").body());
        assertEquals(T0_MS, range.get("from_ms").asLong());
        assertEquals(lastMs, range.get("to_ms").asLong());
        assertEquals("flows", range.get("sources").get(0).asText());

        JsonNode quiet = at(T0_MS + 5 * 60_000);
        assertEquals(T0_MS + 5 * 60_000, quiet.get("time").asLong());
        JsonNode src = quiet.get("sources").get(0);
        assertEquals(10.0, src.get("rate_1m").asDouble(), 1e-9, "10 records a second in the minute before");
        assertEquals(3000, src.get("records_window").asLong(), "5 minutes of 10 a second");
        assertEquals(300, quiet.get("chart").get("series").get("flows").size());
        assertTrue(quiet.get("traffic").get("talkers_1m").get(0).get("key").asText().startsWith("10.0.0."));
        assertEquals(0, quiet.get("attacks").get("total").asLong(), quiet.get("attacks").toString());

        JsonNode busy = at(T0_MS + 16 * 60_000);
        assertEquals("10.9.9.9", busy.get("traffic").get("talkers_1m").get(0).get("key").asText());
        assertEquals(150_000, busy.get("traffic").get("talkers_1m").get(0).get("bytes").asLong() / 60);
        assertEquals(11.0, busy.get("sources").get(0).get("rate_1m").asDouble(), 1e-9);
        JsonNode alert = busy.get("attacks").get("recent").get(0);
        assertEquals("port_scan", alert.get("rule").asText());
        assertEquals("198.51.100.9", alert.get("key").asText());
        assertEquals(T0_MS + 850_000 + 600 + 101, alert.get("first_ms").asLong());

        assertEquals(T0_MS, at(0).get("time").asLong(), "a time before the recording is its start");
        assertEquals(400, get("/at?t=noon").statusCode());
        assertEquals(400, get("/at").statusCode());
    }

    @Test
    void withATokenTheRecordingsPageWantsTheHeaderOrTheLoginForm() throws Exception {
        start(TOKEN);
        assertEquals(303, get("/").statusCode());
        assertEquals(401, get("/range").statusCode());
        assertEquals(401, get("/range?token=" + TOKEN).statusCode(), "a token in the URL is not accepted");
        assertEquals(200, get("/range", "Authorization", "Bearer " + TOKEN).statusCode());
        assertEquals(200, get("/login").statusCode());
    }

    @Test
    void aNonLoopbackListenWithoutATokenOrAMissingDirectoryExitsTwoNamingTheOption() {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(2, Main.commandLine().execute("dashboard", dir.toString(), "--listen", "0.0.0.0:0"));
            assertEquals(2, Main.commandLine().execute("dashboard", dir.resolve("nothing").toString(), "--listen",
                    "127.0.0.1:0"));
        } finally {
            System.setErr(oldErr);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("--listen: '0.0.0.0:0' is not a loopback address and --token-file is not set"), text);
        assertTrue(text.contains("DIR: '" + dir.resolve("nothing") + "' is not a directory"), text);
        assertTrue(Files.isDirectory(dir));
    }
}
