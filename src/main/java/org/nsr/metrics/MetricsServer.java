package org.nsr.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint operators and Prometheus read: {@code GET /metrics} (Prometheus text format
 * 0.0.4) and {@code GET /health} (200 when healthy, 503 otherwise, JSON body either way).
 *
 * <p>Limits: two worker threads named {@code metrics-http-N} and at most {@value #QUEUED_EXCHANGES}
 * exchanges waiting for them; beyond that an exchange is refused (its connection is closed by the
 * JDK server), counted in {@code nsr_metrics_http_rejected_total} and logged. Refusals are logged
 * at most once a minute, with the number since the last line, so a flood cannot flood the log. Requests have no
 * body we read; responses are built in memory from the registry.
 *
 * <p>With a bearer token, every request must carry {@code Authorization: Bearer <token>}; a
 * missing or wrong one gets 401, is counted in {@code nsr_metrics_http_unauthorized_total} and
 * logged. The comparison takes
 * the same time whatever the presented token.
 *
 * <p>Lifecycle: {@link #start} binds and serves; {@link #close} refuses new exchanges, gives those
 * in flight up to one second, then releases the port. Not restartable.
 */
public final class MetricsServer implements AutoCloseable {
    static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final int QUEUED_EXCHANGES = 16;
    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
    private static final int WORKERS = 2;
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final HttpServer server;
    private final ThreadPoolExecutor workers;
    private final Metrics metrics;
    private final HealthReporter health;
    private final byte[] tokenDigest;
    private final Counter unauthorized;
    private final ThrottledCount unauthorizedLog;

    private MetricsServer(HttpServer server, ThreadPoolExecutor workers, Metrics metrics, HealthReporter health,
            String bearerToken) {
        this.server = server;
        this.workers = workers;
        this.metrics = metrics;
        this.health = health;
        this.tokenDigest = bearerToken == null ? null : sha256(bearerToken);
        this.unauthorized = metrics.counter("nsr_metrics_http_unauthorized_total",
                "Requests to the metrics endpoint refused for a missing or wrong bearer token");
        this.unauthorizedLog = new ThrottledCount(unauthorized);
    }

    /**
     * Binds {@code bind} (port 0 picks a free port) and starts serving.
     *
     * @param bearerTokenOrNull when not null, the token every request must present
     * @throws IOException when the address cannot be bound (in use, not local, no permission)
     */
    public static MetricsServer start(InetSocketAddress bind, Metrics metrics, HealthReporter health,
            String bearerTokenOrNull) throws IOException {
        if (bearerTokenOrNull != null && bearerTokenOrNull.isEmpty()) {
            throw new IllegalArgumentException("bearer token must not be empty; pass null for no token");
        }
        Counter rejected = metrics.counter("nsr_metrics_http_rejected_total",
                "Metrics endpoint connections refused because both workers and the wait queue were busy");
        ThrottledCount rejectedLog = new ThrottledCount(rejected);
        AtomicInteger threadNo = new AtomicInteger();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUED_EXCHANGES), r -> {
                    Thread t = new Thread(r, "metrics-http-" + threadNo.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, (r, executor) -> {
                    if (executor.isShutdown()) {
                        throw new RejectedExecutionException("metrics endpoint closing"); // not a refusal to count
                    }
                    rejected.increment();
                    long n = rejectedLog.takeIfDue();
                    if (n > 0) {
                        log.warn("metrics endpoint busy ({} workers, {} queued exchanges): refused {} connection(s)"
                                + " since the last report", WORKERS, QUEUED_EXCHANGES, n);
                    }
                    // Throwing makes the JDK server close the connection instead of leaving it hanging.
                    throw new RejectedExecutionException("metrics endpoint busy");
                });
        HttpServer server;
        try {
            server = HttpServer.create(bind, 0);
        } catch (IOException e) {
            workers.shutdownNow();
            throw new IOException("cannot listen on " + bind.getHostString() + ":" + bind.getPort() + ": " + e, e);
        }
        MetricsServer ms = new MetricsServer(server, workers, metrics, health, bearerTokenOrNull);
        server.createContext("/", ms::handle);
        server.setExecutor(workers);
        server.start();
        log.info("metrics and health endpoint listening on http://{}:{}/ (/metrics, /health){}",
                bind.getHostString(), ms.port(), bearerTokenOrNull == null ? "" : ", bearer token required");
        return ms;
    }

    /** The bound port: the one chosen by the system when started with port 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        // Workers first: exchanges in flight get up to a second, and close returns as soon as they
        // are done (HttpServer.stop(delay) in JDK 17 always waits the whole delay).
        workers.shutdown();
        try {
            if (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
                log.warn("metrics endpoint: exchanges still in flight after 1s; interrupting them");
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            server.stop(0);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().close();
            if (tokenDigest != null && !authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
                noteUnauthorized(exchange);
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"nsr\"");
                send(exchange, 401, "text/plain; charset=utf-8", "unauthorized\n");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (!path.equals("/metrics") && !path.equals("/health")) {
                send(exchange, 404, "text/plain; charset=utf-8", "not found; try /metrics or /health\n");
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, "text/plain; charset=utf-8", "method not allowed; use GET\n");
                return;
            }
            if (path.equals("/metrics")) {
                StringBuilder body = new StringBuilder(8192);
                metrics.writePrometheus(body);
                send(exchange, 200, PROMETHEUS_CONTENT_TYPE, body.toString());
            } else {
                HealthStatus status = health.check();
                send(exchange, status.healthy() ? 200 : 503, "application/json", status.toJson());
            }
        } catch (IOException | RuntimeException e) {
            // A client that hangs up mid-response is not our failure, but it must not be silent either.
            log.debug("metrics endpoint: {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(),
                    e.toString());
            throw e;
        }
    }

    private boolean authorized(String header) {
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim() : "";
        // Comparing fixed-length digests keeps the time independent of the presented token.
        return MessageDigest.isEqual(tokenDigest, sha256(presented));
    }

    private void noteUnauthorized(HttpExchange exchange) {
        unauthorized.increment();
        long since = unauthorizedLog.takeIfDue();
        if (since > 0) {
            log.warn("metrics endpoint refused {} request(s) without a valid bearer token since the last report;"
                    + " latest from {} for {}", since, exchange.getRemoteAddress(), exchange.getRequestURI());
        }
    }

    private static void send(HttpExchange exchange, int code, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(code, -1); // a HEAD answer carries no body
            return;
        }
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * Keeps a flood of refusals from flooding the log: at most one line a minute, carrying the
     * number counted since the previous line. The counter itself counts every event.
     */
    private static final class ThrottledCount {
        private final Counter counter;
        private final AtomicLong reported = new AtomicLong();
        private final AtomicLong lastLogNanos = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

        ThrottledCount(Counter counter) {
            this.counter = counter;
        }

        /** The count since the last report when a report is due now, else 0. */
        long takeIfDue() {
            long now = System.nanoTime();
            long last = lastLogNanos.get();
            if (now - last < LOG_EVERY_NANOS || !lastLogNanos.compareAndSet(last, now)) {
                return 0;
            }
            long total = counter.get();
            return total - reported.getAndSet(total);
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
