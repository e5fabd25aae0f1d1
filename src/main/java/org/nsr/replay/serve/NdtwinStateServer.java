package org.nsr.replay.serve;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import org.nsr.lifecycle.Service;
import org.nsr.metrics.Metrics;
import org.nsr.server.HttpCall;
import org.nsr.server.HttpReply;
import org.nsr.server.HttpServerBase;
import org.nsr.server.HttpServerSettings;
import org.nsr.server.ServerStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers NDTwin kernel API calls from an {@link NdtwinState}, so NDTwin clients can be pointed at a
 * recording instead of a live kernel: {@code GET /ndt/get_detected_flow_data} returns the flow array
 * and {@code GET /ndt/get_graph_data} the {@code {nodes, edges}} object. Like the kernel it routes by
 * exact path (a query string does not match: 404). Before the replay has reached the first record of
 * a kind it answers 503 with the kernel's error shape. {@code GET /metrics} gives the replay's own
 * counters (records read, bad lines, reordering, requests served) in the Prometheus text format.
 *
 * <p>Runs on the shared {@link HttpServerBase} (threads {@code "replay-serve-http-N"}, its limits
 * and timeouts); what the base refuses is counted in {@code nsr_replay_serve_rejected_total{reason}}.
 *
 * <p>Lifecycle: {@link #start()} binds and serves; {@link #stop(Duration)} stops accepting and
 * gives exchanges in flight the server's grace (one second). {@link #service()} is the same server
 * as a {@link Service} for a coordinator.
 */
public final class NdtwinStateServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NdtwinStateServer.class);
    public static final String FLOW_PATH = "/ndt/get_detected_flow_data";
    public static final String GRAPH_PATH = "/ndt/get_graph_data";
    public static final String METRICS_PATH = "/metrics";
    static final int THREADS = 2;
    static final int QUEUE = 64;

    private final NdtwinState state;
    private final Metrics metrics;
    private final HttpServerBase server;

    public NdtwinStateServer(NdtwinState state, InetSocketAddress address, Metrics metrics) {
        this(state, HttpServerSettings.builder("replay-serve").bind(address).threads(THREADS).queuedRequests(QUEUE)
                .maxBodyBytes(0).build(), metrics);
    }

    public NdtwinStateServer(NdtwinState state, HttpServerSettings settings, Metrics metrics) {
        this.state = state;
        this.metrics = metrics;
        this.server = new HttpServerBase(settings, this::handle);
        ServerStats stats = server.stats();
        String help = "Requests or connections replay --serve refused or cut off, by reason";
        metrics.counterFrom("nsr_replay_serve_rejected_total", help, stats::busy, "reason", "busy");
        metrics.counterFrom("nsr_replay_serve_rejected_total", help, stats::headerTooLarge, "reason", "header_too_large");
        metrics.counterFrom("nsr_replay_serve_rejected_total", help, stats::badRequests, "reason", "bad_request");
        metrics.counterFrom("nsr_replay_serve_rejected_total", help, stats::headerTimeouts, "reason", "header_timeout");
    }

    /** Binds and serves; throws {@link org.nsr.server.ListenException} when the address cannot be bound. */
    public void start() throws IOException {
        server.start();
        LOG.info("serving the replayed NDTwin state on {}", server.url());
    }

    /** The bound port (useful when started on port 0). */
    public int port() {
        return server.port();
    }

    public Service service() {
        return server;
    }

    private HttpReply handle(HttpCall call) throws IOException {
        String path = call.path();
        boolean hasQuery = call.query() != null;
        Supplier<NdtwinState.Snapshot> body;
        if (FLOW_PATH.equals(path) && !hasQuery) {
            body = state::flows;
        } else if (GRAPH_PATH.equals(path) && !hasQuery) {
            body = state::graph;
        } else if (METRICS_PATH.equals(path) && "GET".equals(call.method())) {
            StringBuilder text = new StringBuilder(8192);
            metrics.writePrometheus(text);
            return HttpReply.text(200, "text/plain; version=0.0.4; charset=utf-8", text.toString());
        } else {
            count(path, 404);
            return json(404, error("Not found", "no endpoint " + path + (hasQuery ? "?" + call.query() : "")));
        }
        if (!"GET".equals(call.method())) {
            count(path, 405);
            return json(405, error("Method not allowed", call.method() + " " + path));
        }
        NdtwinState.Snapshot s = body.get();
        if (s == null) {
            count(path, 503);
            return json(503, error("No data", "the replay has not reached a record for " + path + " yet"));
        }
        count(path, 200);
        return json(200, s.body());
    }

    private void count(String path, int status) {
        metrics.counter("nsr_replay_serve_requests_total", "Requests answered by replay --serve",
                "path", path.startsWith("/ndt/") ? path : "other", "status", Integer.toString(status)).increment();
    }

    private static byte[] error(String error, String details) {
        return ("{\"error\":\"" + error + "\",\"details\":\"" + details.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static HttpReply json(int status, byte[] body) {
        return HttpReply.of(status, "application/json", body);
    }

    /** Stops accepting; exchanges in flight get the server's grace. {@code grace} bounds the wait for that. */
    public void stop(Duration grace) {
        server.stopAsync();
        try {
            if (!server.awaitTerminated(grace.plus(server.settings().stopGrace()))) {
                LOG.warn("replay serve threads did not stop within {}", grace);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(1));
    }
}
