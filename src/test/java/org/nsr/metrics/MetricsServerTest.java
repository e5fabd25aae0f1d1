package org.nsr.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nsr.testing.MutableClock;

class MetricsServerTest {
    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    /** One sample line of the text format: name, optional {labels}, value. */
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*)})? (\\S+)");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Metrics metrics = new Metrics();
    private final MutableClock clock = new MutableClock(T0);
    private final AtomicReference<String> state = new AtomicReference<>("running");
    private MetricsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private MetricsServer start(String token) throws IOException {
        HealthReporter health = new HealthReporter(state::get, metrics, Duration.ofSeconds(60), clock);
        server = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), metrics, health, token);
        return server;
    }

    private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null);
    }

    /** Parses the exposition text strictly: every line is HELP, TYPE or a sample of a declared family. */
    private static Map<String, Double> parsePrometheus(String text) {
        Map<String, Double> samples = new HashMap<>();
        Map<String, String> types = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                assertEquals(4, parts.length, line);
                assertTrue(parts[3].equals("counter") || parts[3].equals("gauge"), line);
                types.put(parts[2], parts[3]);
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not a sample line: " + line);
            assertTrue(types.containsKey(m.group(1)), "sample before its TYPE line: " + line);
            samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(4)));
        }
        assertTrue(text.endsWith("\n"), "the text format ends with a newline");
        return samples;
    }

    @Test
    void metricsAreScrapedAsPrometheusTextAndParse() throws Exception {
        metrics.counter("nsr_source_polls_total", "Successful polls", "source", "flowinfo").add(24);
        metrics.counter("nsr_source_poll_failures_total", "Failed polls", "source", "flowinfo", "kind", "timeout").add(2);
        metrics.gauge("nsr_queue_depth", "Records waiting", () -> 5, "queue", "flowinfo");
        metrics.gauge("nsr_source_last_success_seconds", "Last success", () -> 1740830400.5, "source", "flowinfo");
        start(null);

        HttpResponse<String> r = get("/metrics");

        assertEquals(200, r.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        Map<String, Double> samples = parsePrometheus(r.body());
        assertEquals(24.0, samples.get("nsr_source_polls_total{source=\"flowinfo\"}"));
        assertEquals(2.0, samples.get("nsr_source_poll_failures_total{source=\"flowinfo\",kind=\"timeout\"}"));
        assertEquals(5.0, samples.get("nsr_queue_depth{queue=\"flowinfo\"}"));
        assertEquals(1740830400.5, samples.get("nsr_source_last_success_seconds{source=\"flowinfo\"}"));

        metrics.counter("nsr_source_polls_total", "Successful polls", "source", "flowinfo").increment();
        assertEquals(25.0, parsePrometheus(get("/metrics").body()).get("nsr_source_polls_total{source=\"flowinfo\"}"),
                "every scrape reads the live values");
    }

    @Test
    void healthAnswers200WhileRunningAnd503WhileStartingDrainingOrFailing() throws Exception {
        AtomicLong failingSince = new AtomicLong();
        metrics.gauge("nsr_source_failing_since_seconds", "h", failingSince::get, "source", "flowinfo");
        state.set("starting");
        start(null);

        HttpResponse<String> starting = get("/health");
        assertEquals(503, starting.statusCode());
        assertEquals("{\"status\":\"starting\",\"reasons\":[\"recorder is starting\"]}", starting.body());
        assertEquals("application/json", starting.headers().firstValue("Content-Type").orElseThrow());

        state.set("running");
        HttpResponse<String> running = get("/health");
        assertEquals(200, running.statusCode());
        assertEquals("{\"status\":\"running\",\"reasons\":[]}", running.body());

        failingSince.set(T0.getEpochSecond());
        clock.advance(Duration.ofSeconds(90));
        HttpResponse<String> failing = get("/health");
        assertEquals(503, failing.statusCode());
        assertEquals("{\"status\":\"failing\",\"reasons\":[\"source flowinfo failing for 90s (threshold 60s)\"]}",
                failing.body());

        failingSince.set(0);
        state.set("draining");
        HttpResponse<String> draining = get("/health");
        assertEquals(503, draining.statusCode());
        assertTrue(draining.body().startsWith("{\"status\":\"draining\""), draining.body());
    }

    @Test
    void withATokenOnlyTheRightBearerHeaderIsServed() throws Exception {
        start("s3cret-token");

        HttpResponse<String> missing = get("/metrics");
        assertEquals(401, missing.statusCode());
        assertEquals("Bearer realm=\"nsr\"", missing.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals(401, send("GET", "/metrics", "Bearer s3cret-tokeN").statusCode());
        assertEquals(401, send("GET", "/health", "Bearer s3cret-token-and-more").statusCode());
        assertEquals(401, send("GET", "/health", "Basic czNjcmV0LXRva2Vu").statusCode());
        assertEquals(401, send("GET", "/nothing", null).statusCode(), "no path information without the token");

        assertEquals(200, send("GET", "/metrics", "Bearer s3cret-token").statusCode());
        assertEquals(200, send("GET", "/health", "bearer s3cret-token").statusCode(), "the scheme is case-insensitive");
        assertEquals(5.0, metrics.value("nsr_metrics_http_unauthorized_total"), "every refusal is counted");
    }

    @Test
    void otherPathsAre404AndOtherMethods405() throws Exception {
        start(null);

        assertEquals(404, get("/").statusCode());
        assertEquals(404, get("/metrics/extra").statusCode());
        HttpResponse<String> post = send("POST", "/metrics", null);
        assertEquals(405, post.statusCode());
        assertEquals("GET", post.headers().firstValue("Allow").orElseThrow());
        assertEquals(405, send("DELETE", "/health", null).statusCode());
        assertEquals(405, send("HEAD", "/health", null).statusCode());
    }

    @Test
    void requestsRunOnTwoNamedWorkersAndExcessConnectionsAreRefusedAndCounted() throws Exception {
        CountDownLatch entered = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        state.set("running");
        HealthReporter blocking = new HealthReporter(() -> {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "running";
        }, metrics, Duration.ofSeconds(60), clock);
        server = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), metrics, blocking,
                null);
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                sockets.add(request("/health"));
            }
            assertTrue(entered.await(10, TimeUnit.SECONDS), "both workers are busy");
            List<String> workerNames = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                    .filter(n -> n.startsWith("metrics-http-")).sorted().toList();
            assertEquals(List.of("metrics-http-1", "metrics-http-2"), workerNames);

            int extra = MetricsServer.QUEUED_EXCHANGES + 5;
            for (int i = 0; i < extra; i++) {
                sockets.add(request("/health"));
            }
            waitFor(() -> metrics.value("nsr_metrics_http_rejected_total") == 5, "5 connections refused");

            release.countDown();
            int ok = 0;
            int closed = 0;
            for (Socket s : sockets) {
                String response = readAll(s);
                if (response.startsWith("HTTP/1.1 200")) {
                    ok++;
                } else if (response.isEmpty()) {
                    closed++;
                } else {
                    fail("unexpected response: " + response);
                }
            }
            assertEquals(2 + MetricsServer.QUEUED_EXCHANGES, ok, "running and queued exchanges are all answered");
            assertEquals(5, closed, "refused connections are closed, not left hanging");
        } finally {
            release.countDown();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    @Test
    void closeStopsListeningAndEndsTheWorkers() throws Exception {
        start(null);
        assertEquals(200, get("/health").statusCode());
        int port = server.port();

        server.close();
        server = null;

        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
        waitFor(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(
                t -> t.getName().startsWith("metrics-http-") && t.isAlive()), "worker threads ended");
    }

    @Test
    void aPortInUseIsReportedWithTheAddress() throws Exception {
        start(null);
        HealthReporter health = new HealthReporter(state::get, metrics, Duration.ofSeconds(60), clock);
        IOException e = assertThrows(IOException.class, () -> MetricsServer.start(
                new InetSocketAddress("127.0.0.1", server.port()), metrics, health, null));
        assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + server.port()), e.getMessage());
    }

    private Socket request(String path) throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(30_000);
        s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    private static String readAll(Socket s) throws IOException {
        try (InputStream in = s.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.net.SocketException reset) {
            return ""; // a reset is as good as a close for a refused connection
        }
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for: " + what);
            }
            Thread.sleep(10); // polling with a deadline, not sleeping in place of a condition
        }
    }
}
