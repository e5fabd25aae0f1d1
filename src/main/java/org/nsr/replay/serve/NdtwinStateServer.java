package org.nsr.replay.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.nsr.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers NDTwin kernel API calls from an {@link NdtwinState}, so NDTwin clients can be pointed at a
 * recording instead of a live kernel: {@code GET /ndt/get_detected_flow_data} returns the flow array
 * and {@code GET /ndt/get_graph_data} the {@code {nodes, edges}} object. Like the kernel it routes by
 * exact path (a query string does not match: 404). Before the replay has reached the first record of
 * a kind it answers 503 with the kernel's error shape.
 *
 * <p>Lifecycle: {@link #start()} binds and serves on a bounded, named pool ({@value #THREADS}
 * threads, {@value #QUEUE} queued exchanges, excess rejected); {@link #stop(Duration)} stops
 * accepting and waits up to the given time for exchanges in flight.
 */
public final class NdtwinStateServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NdtwinStateServer.class);
    public static final String FLOW_PATH = "/ndt/get_detected_flow_data";
    public static final String GRAPH_PATH = "/ndt/get_graph_data";
    static final int THREADS = 2;
    static final int QUEUE = 64;

    private final NdtwinState state;
    private final InetSocketAddress address;
    private final Metrics metrics;
    private HttpServer server;
    private ThreadPoolExecutor executor;

    public NdtwinStateServer(NdtwinState state, InetSocketAddress address, Metrics metrics) {
        this.state = state;
        this.address = address;
        this.metrics = metrics;
    }

    public void start() throws IOException {
        server = HttpServer.create(address, 0);
        AtomicInteger n = new AtomicInteger();
        executor = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
                r -> {
                    Thread t = new Thread(r, "nsr replay serve " + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, (r, ex) -> {
                    metrics.counter("nsr_replay_serve_rejected_total", "Requests rejected because the serve queue was full")
                            .increment();
                    LOG.warn("serve queue full ({} queued); a request was rejected", QUEUE);
                });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        LOG.info("serving the replayed NDTwin state on http://{}:{}", address.getHostString(), port());
    }

    /** The bound port (useful when started on port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            boolean hasQuery = ex.getRequestURI().getRawQuery() != null;
            Supplier<NdtwinState.Snapshot> body;
            if (FLOW_PATH.equals(path) && !hasQuery) {
                body = state::flows;
            } else if (GRAPH_PATH.equals(path) && !hasQuery) {
                body = state::graph;
            } else {
                count(path, 404);
                send(ex, 404, error("Not found", "no endpoint " + ex.getRequestURI()));
                return;
            }
            if (!"GET".equals(ex.getRequestMethod())) {
                count(path, 405);
                send(ex, 405, error("Method not allowed", ex.getRequestMethod() + " " + path));
                return;
            }
            NdtwinState.Snapshot s = body.get();
            if (s == null) {
                count(path, 503);
                send(ex, 503, error("No data", "the replay has not reached a record for " + path + " yet"));
                return;
            }
            count(path, 200);
            send(ex, 200, s.body());
        }
    }

    private void count(String path, int status) {
        metrics.counter("nsr_replay_serve_requests_total", "Requests answered by replay --serve",
                "path", path.startsWith("/ndt/") ? path : "other", "status", Integer.toString(status)).increment();
    }

    private static byte[] error(String error, String details) {
        return ("{\"error\":\"" + error + "\",\"details\":\"" + details.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops accepting and waits up to {@code grace} for exchanges in flight. */
    public void stop(Duration grace) {
        if (server == null) {
            return;
        }
        server.stop((int) Math.max(0, Math.min(Integer.MAX_VALUE, grace.toSeconds())));
        executor.shutdown();
        try {
            if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
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
