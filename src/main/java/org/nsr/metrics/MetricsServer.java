package org.nsr.metrics;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.nsr.lifecycle.Service;
import org.nsr.server.HttpCall;
import org.nsr.server.HttpReply;
import org.nsr.server.HttpServerBase;
import org.nsr.server.HttpServerSettings;
import org.nsr.server.ListenException;
import org.nsr.server.ServerStats;

/**
 * The HTTP endpoint operators and Prometheus read: {@code GET /metrics} (Prometheus text format
 * 0.0.4, or OpenMetrics when the scraper asks for it) and {@code GET /health} (200 when healthy,
 * 503 otherwise, JSON body either way). Other paths answer 404, other methods 405.
 *
 * <p>It runs on the shared {@link HttpServerBase}: the limits, timeouts and the bearer token are
 * the base's (see {@link HttpServerSettings}). What the base refuses is counted in
 * {@code nsr_metrics_http_unauthorized_total} and {@code nsr_metrics_http_rejected_total{reason}}.
 *
 * <p>Lifecycle: {@link #start} binds and serves; {@link #close} lets exchanges in flight finish for
 * up to one second, then releases the port. {@link #create} gives the endpoint unstarted, for a
 * coordinator that starts and stops it as a {@link Service}. Not restartable.
 */
public final class MetricsServer implements AutoCloseable {
    static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** Handler threads: scrapes and health checks are short; slow clients hold no thread. */
    static final int WORKERS = 2;
    /** Requests waiting for a worker; beyond that they are dropped and counted as busy. */
    static final int QUEUED_EXCHANGES = 16;
    private static final ExpositionFormats FORMATS = ExpositionFormats.init();

    private final HttpServerBase server;
    private final Metrics metrics;
    private final HealthReporter health;

    private MetricsServer(HttpServerSettings settings, Metrics metrics, HealthReporter health) {
        this.metrics = metrics;
        this.health = health;
        this.server = new HttpServerBase(settings, this::handle);
        metrics.exposeProcessMetrics();
        ServerStats stats = server.stats();
        metrics.counterFrom("nsr_metrics_http_unauthorized_total",
                "Requests to the metrics endpoint refused for a missing or wrong bearer token", stats::unauthorized);
        String help = "Requests or connections the metrics endpoint refused or cut off, by reason";
        metrics.counterFrom("nsr_metrics_http_rejected_total", help, stats::headerTooLarge, "reason", "header_too_large");
        metrics.counterFrom("nsr_metrics_http_rejected_total", help, stats::bodyTooLarge, "reason", "body_too_large");
        metrics.counterFrom("nsr_metrics_http_rejected_total", help, stats::badRequests, "reason", "bad_request");
        metrics.counterFrom("nsr_metrics_http_rejected_total", help, stats::headerTimeouts, "reason", "header_timeout");
        metrics.counterFrom("nsr_metrics_http_rejected_total", help, stats::busy, "reason", "busy");
    }

    /** The endpoint's default settings on {@code bind}: two handler threads, the base's other defaults. */
    public static HttpServerSettings defaultSettings(InetSocketAddress bind, String bearerTokenOrNull) {
        return HttpServerSettings.builder("metrics").bind(bind).bearerToken(bearerTokenOrNull).threads(WORKERS)
                .queuedRequests(QUEUED_EXCHANGES).maxBodyBytes(0).build();
    }

    /** The endpoint, not started: for a coordinator that runs {@link #service()}. */
    public static MetricsServer create(HttpServerSettings settings, Metrics metrics, HealthReporter health) {
        return new MetricsServer(settings, metrics, health);
    }

    /**
     * Binds {@code bind} (port 0 picks a free port) and starts serving.
     *
     * @param bearerTokenOrNull when not null, the token every request must present
     * @throws ListenException when the address cannot be bound (in use, not local, no permission)
     */
    public static MetricsServer start(InetSocketAddress bind, Metrics metrics, HealthReporter health,
            String bearerTokenOrNull) throws IOException {
        if (bearerTokenOrNull != null && bearerTokenOrNull.isEmpty()) {
            throw new IllegalArgumentException("bearer token must not be empty; pass null for no token");
        }
        MetricsServer ms = new MetricsServer(defaultSettings(bind, bearerTokenOrNull), metrics, health);
        ms.server.start();
        return ms;
    }

    /** The endpoint as a service (start, stop, state) for a coordinator. */
    public Service service() {
        return server;
    }

    /** The bound port: the one chosen by the system when started with port 0. */
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }

    private HttpReply handle(HttpCall call) throws IOException {
        String path = call.path();
        if (!path.equals("/metrics") && !path.equals("/health")) {
            return noStore(HttpReply.text(404, "text/plain; charset=utf-8", "not found; try /metrics or /health\n"));
        }
        if (!call.method().equals("GET")) {
            return noStore(HttpReply.text(405, "text/plain; charset=utf-8", "method not allowed; use GET\n"))
                    .withHeader("Allow", "GET");
        }
        if (path.equals("/metrics")) {
            return noStore(scrape(call.header("Accept")));
        }
        HealthStatus status = health.check();
        return noStore(HttpReply.text(status.healthy() ? 200 : 503, "application/json", status.toJson()));
    }

    /** The registry in the format the scraper asked for (text 0.0.4 unless it asks for OpenMetrics). */
    private HttpReply scrape(String accept) throws IOException {
        ExpositionFormatWriter writer = FORMATS.findWriter(accept);
        if (!writer.isAvailable()) {
            writer = FORMATS.getPrometheusTextFormatWriter(); // protobuf is not shipped
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        writer.write(body, metrics.registry().scrape(), EscapingScheme.fromAcceptHeader(accept));
        return HttpReply.of(200, writer.getContentType(), body.toByteArray());
    }

    private static HttpReply noStore(HttpReply r) {
        return r.withHeader("Cache-Control", "no-store");
    }
}
