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
import java.util.Arrays;
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
                assertTrue(parts[3].equals("counter") || parts[3].equals("gauge") || parts[3].equals("summary"), line);
                types.put(parts[2], parts[3]);
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not a sample line: " + line);
            String family = m.group(1).replaceAll("_(count|sum)$", "");
            assertTrue(types.containsKey(m.group(1)) || "summary".equals(types.get(family)),
                    "sample before its TYPE line: " + line);
            samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(4)));
        }
        assertTrue(text.endsWith("\n"), "the text format ends with a newline");
        return samples;
    }

    @Test
    void metricsAreScrapedAsPrometheusTextAndParse() throws Exception {
        metrics.counter("nsr_source_polls_total", "Polls", "source", "flowinfo", "result", "ok").add(24);
        metrics.counter("nsr_source_poll_failures_total", "Failed polls", "source", "flowinfo", "kind", "timeout").add(2);
        metrics.gauge("nsr_queue_depth", "Records waiting", () -> 5, "queue", "flowinfo");
        metrics.gauge("nsr_source_last_success_timestamp_seconds", "Last success", () -> 1740830400.5,
                "source", "flowinfo");
        metrics.nanosecondsCounter("nsr_queue_blocked_seconds_total", "Blocked", "queue", "flowinfo")
                .add(1_250_000_000L);
        start(null);

        HttpResponse<String> r = get("/metrics");

        assertEquals(200, r.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        // The client writes label names in sorted order.
        Map<String, Double> samples = parsePrometheus(r.body());
        assertEquals(24.0, samples.get("nsr_source_polls_total{result=\"ok\",source=\"flowinfo\"}"));
        assertEquals(2.0, samples.get("nsr_source_poll_failures_total{kind=\"timeout\",source=\"flowinfo\"}"));
        assertEquals(5.0, samples.get("nsr_queue_depth{queue=\"flowinfo\"}"));
        assertEquals(1740830400.5, samples.get("nsr_source_last_success_timestamp_seconds{source=\"flowinfo\"}"));
        assertEquals(1.25, samples.get("nsr_queue_blocked_seconds_total{queue=\"flowinfo\"}"), "time in seconds");
        assertEquals(1.0, samples.get("nsr_build_info{version=\"" + Metrics.VERSION + "\"}"));
        assertTrue(samples.get("process_cpu_seconds_total") > 0, "process metrics are exposed");
        assertTrue(samples.get("jvm_threads_current") > 0, "JVM metrics are exposed");

        metrics.counter("nsr_source_polls_total", "Polls", "source", "flowinfo", "result", "ok").increment();
        assertEquals(25.0, parsePrometheus(get("/metrics").body())
                .get("nsr_source_polls_total{result=\"ok\",source=\"flowinfo\"}"), "every scrape reads the live values");
    }

    @Test
    void healthAnswers200WhileRunningAnd503WhileStartingDrainingOrFailing() throws Exception {
        AtomicLong failingSince = new AtomicLong();
        metrics.gauge("nsr_source_failing_since_timestamp_seconds", "h", failingSince::get, "source", "flowinfo");
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
    void requestsRunOnTwoNamedWorkersAndExcessRequestsAreRefusedWith503AndCounted() throws Exception {
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
            List<String> blockedIn = Thread.getAllStackTraces().entrySet().stream()
                    .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().equals(HealthReporter.class.getName())))
                    .map(e -> e.getKey().getName()).toList();
            assertEquals(2, blockedIn.size(), "two workers run handlers: " + blockedIn);
            assertTrue(blockedIn.stream().allMatch(n -> n.startsWith("metrics-http-")), "named workers: " + blockedIn);

            int extra = MetricsServer.QUEUED_EXCHANGES + 5;
            for (int i = 0; i < extra; i++) {
                sockets.add(request("/health"));
            }
            waitFor(() -> metrics.value("nsr_metrics_http_rejected_total", "reason", "busy") == 5, "5 requests refused");

            release.countDown();
            int ok = 0;
            int refused = 0;
            for (Socket s : sockets) {
                String response = readAll(s);
                if (response.startsWith("HTTP/1.1 200")) {
                    ok++;
                } else if (response.startsWith("HTTP/1.1 503")) {
                    refused++;
                } else {
                    fail("unexpected response: " + response);
                }
            }
            assertEquals(2 + MetricsServer.QUEUED_EXCHANGES, ok, "running and queued requests are all answered");
            assertEquals(5, refused, "refused requests get 503, not a hanging connection");
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
