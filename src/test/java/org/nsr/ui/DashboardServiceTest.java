package org.nsr.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nsr.config.DashboardSettings;
import org.nsr.config.ListenerSettings;
import org.nsr.metrics.Metrics;
import org.nsr.testing.FakeTicker;
import org.nsr.testing.JarProcess;

class DashboardServiceTest {
    private static final String TOKEN = "a-dashboard-token-0123456789";
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final FakeTicker ticker = new FakeTicker(Instant.parse("2026-01-01T00:00:00Z"));
    private final Metrics metrics = new Metrics();
    private DashboardService dashboard;

    private DashboardService start(String token, int maxClients, int clientEvents) throws Exception {
        DashboardSettings s = new DashboardSettings(new ListenerSettings(new InetSocketAddress("127.0.0.1", 0), token),
                maxClients, clientEvents, Duration.ofSeconds(1), DashboardSettings.DEFAULT_CPU_BUDGET);
        dashboard = new DashboardService(s, ticker, metrics, null, new TrafficWindow(100), List.of());
        dashboard.startAsync();
        dashboard.awaitRunning();
        return dashboard;
    }

    @AfterEach
    void stop() throws Exception {
        if (dashboard != null) {
            dashboard.stopAsync();
            assertTrue(dashboard.awaitTerminated(Duration.ofSeconds(20)), "the dashboard stopped");
        }
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(dashboard.url() + path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageAndItsChartLibraryAreServedFromTheJar() throws Exception {
        start(null, 4, 30);
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("/vendor/uPlot.min.js") && !page.body().contains("http"),
                "the page loads uPlot from this server and nothing from elsewhere");
        HttpResponse<String> lib = get("/vendor/uPlot.min.js");
        assertEquals(200, lib.statusCode());
        assertTrue(lib.body().length() > 20_000 && lib.body().contains("uPlot"), "uPlot itself is served");
        assertEquals(200, get("/vendor/uPlot.min.css").statusCode());
        assertEquals(200, get("/app.js").statusCode());
        assertEquals(404, get("/nothing").statusCode());
    }

    @Test
    void theDashboardsMetricsCanBeExposedBesideEachOther() throws Exception {
        start(null, 4, 30);
        StringBuilder text = new StringBuilder();
        metrics.writePrometheus(text); // a counter foo_total beside a gauge foo once broke every scrape
        assertTrue(text.toString().contains("nsr_dashboard_clients_open 0"), text.toString());
        assertTrue(text.toString().contains("nsr_dashboard_clients_total 0"), text.toString());
    }

    @Test
    void theEventStreamSendsTheHistoryThenOneTickPerPublish() throws Exception {
        start(null, 4, 30);
        metrics.counter("nsr_source_records_total", "records", "source", "gen").add(42);
        HttpRequest r = HttpRequest.newBuilder(URI.create(dashboard.url() + "/events")).build();
        HttpResponse<Stream<String>> events = client.send(r, HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, events.statusCode());
        assertEquals("text/event-stream", events.headers().firstValue("Content-Type").orElse(""));
        var lines = events.body().iterator();
        assertEquals("retry: 3000", lines.next());
        lines.next();
        assertEquals("event: history", lines.next());
        assertTrue(lines.next().startsWith("data: {\"points\":"));
        dashboard.publishOnce();
        String data = null;
        while (lines.hasNext() && data == null) {
            String l = lines.next();
            if (l.startsWith("data: ") && l.contains("\"records\":42")) {
                data = l;
            }
        }
        assertNotNull(data, "a tick carried the source's records as /metrics has them");
        events.body().close();
    }

    @Test
    void withATokenThePageWantsTheHeaderOrTheLoginFormAndNeverTakesItFromTheUrl() throws Exception {
        start(TOKEN, 4, 30);
        HttpResponse<String> page = get("/");
        assertEquals(303, page.statusCode());
        assertEquals("/login", page.headers().firstValue("Location").orElse(""));
        assertEquals(401, get("/snapshot").statusCode());
        assertEquals(401, get("/snapshot?token=" + TOKEN).statusCode(), "a token in the URL is not accepted");
        assertEquals(200, get("/snapshot", "Authorization", "Bearer " + TOKEN).statusCode());
        assertEquals(200, get("/login").statusCode());
        HttpResponse<String> wrong = client.send(HttpRequest.newBuilder(URI.create(dashboard.url() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=guess-guess-guess-guess")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, wrong.statusCode());
        HttpResponse<String> right = client.send(HttpRequest.newBuilder(URI.create(dashboard.url() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(303, right.statusCode());
        String cookie = right.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && !cookie.contains(TOKEN), cookie);
        String session = cookie.substring(0, cookie.indexOf(';'));
        assertEquals(200, get("/", "Cookie", session).statusCode());
        assertEquals(401, get("/snapshot", "Cookie", PageAccess.COOKIE + "=made-up").statusCode());
    }

    @Test
    void aSlowEventClientIsDroppedAndCountedAndTheServerGoesOnServing() throws Exception {
        start(null, 4, 2);
        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(1024);
            slow.connect(new InetSocketAddress("127.0.0.1", java.net.URI.create(dashboard.url()).getPort()));
            OutputStream out = slow.getOutputStream();
            out.write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            JarProcess.awaitCondition("the slow stream is open", 10, () -> dashboard.openStreams() == 1);
            // Never reading: the socket buffers fill, the stream's thread blocks, its 2 events fill up.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (dashboard.droppedStreams() == 0 && System.nanoTime() < deadline) {
                dashboard.publishOnce();
            }
            assertEquals(1, dashboard.droppedStreams(), "the slow stream was dropped");
            assertEquals(1, (long) metrics.value("nsr_dashboard_clients_dropped_total"));
            assertEquals(0, dashboard.openStreams(), "nothing is buffered for it any more");
        }
        HttpResponse<String> snap = get("/snapshot");
        assertEquals(200, snap.statusCode(), "the server still serves others");
    }

    @Test
    void pastMaxClientsAnotherStreamIsRefusedAndCounted() throws Exception {
        start(null, 1, 30);
        HttpResponse<java.io.InputStream> first = client.send(
                HttpRequest.newBuilder(URI.create(dashboard.url() + "/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, first.statusCode());
        new BufferedReader(new InputStreamReader(first.body(), StandardCharsets.UTF_8)).readLine();
        HttpResponse<String> second = get("/events");
        assertEquals(503, second.statusCode());
        assertEquals(1, (long) metrics.value("nsr_dashboard_clients_refused_total"));
        first.body().close();
    }
}
