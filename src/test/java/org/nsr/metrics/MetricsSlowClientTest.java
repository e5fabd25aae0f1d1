package org.nsr.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nsr.server.HttpServerSettings;
import org.nsr.server.SlowClients;
import org.nsr.testing.MutableClock;

/**
 * Issue 10 item 2: half-sent requests must not stall the endpoint. 50 slow-loris sockets (half a
 * header, then silence) are held open while a real HTTP client asks for /health and /metrics.
 */
class MetricsSlowClientTest {
    private static final int SLOW_CLIENTS = 50;
    private static final long ANSWER_WITHIN_MS = 1_000;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Metrics metrics = new Metrics();
    private final HealthReporter health = new HealthReporter(() -> "running", metrics, Duration.ofSeconds(60),
            new MutableClock(Instant.parse("2025-03-01T12:00:00Z")));
    private MetricsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Status of a fresh GET and how long it took, failing when it takes longer than the bound. */
    private int timedGet(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(5)).build();
        long t0 = System.nanoTime();
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms < ANSWER_WITHIN_MS, path + " answered in " + ms + " ms with " + SLOW_CLIENTS
                + " slow clients connected; the bound is " + ANSWER_WITHIN_MS + " ms");
        return r.statusCode();
    }

    @Test
    void fiftySlowLorisSocketsDoNotKeepHealthAndMetricsFromAnsweringWithinASecond() throws Exception {
        server = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), metrics, health, null);
        try (SlowClients slow = SlowClients.open(server.port(), SLOW_CLIENTS)) {
            for (int round = 0; round < 5; round++) {
                assertEquals(200, timedGet("/health"));
                assertEquals(200, timedGet("/metrics"));
            }
            // The slow clients are still connected (the 10 s header timeout has not passed): the
            // endpoint answered around them, not after dropping them.
            Socket first = slow.sockets().get(0);
            first.setSoTimeout(100);
            boolean open;
            try {
                open = first.getInputStream().read() != -1;
            } catch (SocketTimeoutException stillOpen) {
                open = true;
            }
            assertTrue(open, "a slow client is still connected");
        }
    }

    @Test
    void slowLorisSocketsAreClosedAtTheHeaderTimeoutAndCounted() throws Exception {
        HttpServerSettings settings = MetricsServer.defaultSettings(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null).newBuilder()
                .headerTimeout(Duration.ofMillis(300)).build();
        server = MetricsServer.create(settings, metrics, health);
        server.service().startAsync().awaitRunning();
        try (SlowClients slow = SlowClients.open(server.port(), SLOW_CLIENTS)) {
            long t0 = System.nanoTime();
            for (Socket s : slow.sockets()) {
                SlowClients.awaitClosedByServer(s, 5_000);
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms < 5_000, "all closed within the header timeout and a sweep, took " + ms + " ms");
            assertEquals(SLOW_CLIENTS, metrics.value("nsr_metrics_http_rejected_total", "reason", "header_timeout"));
            assertEquals(200, timedGet("/health"));
        }
        assertFalse(server.service().state().isFinal(), "still serving");
    }
}
