package org.nsr.sim;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.nsr.core.StopSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for the NDTwin kernel's REST API, serving a simulated fat-tree network (see
 * {@link NetworkModel}) on the JDK's HTTP server.
 *
 * <p>Endpoints, matched by exact path like the kernel (a query string gives 404):
 * {@code GET /ndt/get_detected_flow_data}, {@code GET /ndt/get_graph_data},
 * {@code GET /ndt/get_power_report}. For tests, {@code GET /sim/served} returns how many
 * well-formed 200 responses each endpoint gave, the injected faults, and a log of every such
 * response's sequence number and CRC32C of its body (the last {@value #SERVED_LOG_LIMIT}).
 * Every response carries {@code X-Sim-Seq}, a number that increases by one per response.
 *
 * <p>Faults, decided per NDTwin request by a generator seeded from the seed: with probability
 * {@code errorRate} an HTTP 500 with the kernel's error body, with probability
 * {@code malformedRate} a 200 whose JSON body is cut in half; {@code addedLatency} delays every
 * NDTwin response.
 *
 * <p>Lifecycle: {@link #start} binds and serves; {@link #close} stops accepting, lets exchanges
 * in progress finish for up to one second, and stops the bounded handler pool. The model's time
 * is the injected clock's, so a test can drive it.
 */
public final class NdtwinSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NdtwinSimulator.class);
    public static final String FLOW_PATH = "/ndt/get_detected_flow_data";
    public static final String GRAPH_PATH = "/ndt/get_graph_data";
    public static final String POWER_PATH = "/ndt/get_power_report";
    public static final String SERVED_PATH = "/sim/served";
    public static final String SEQ_HEADER = "X-Sim-Seq";
    static final int SERVED_LOG_LIMIT = 200_000;
    private static final List<String> ENDPOINTS = List.of(FLOW_PATH, GRAPH_PATH, POWER_PATH);
    private static final JsonFactory JSON = new JsonFactory();

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm
        // and the client's delayed ACK add about 40 ms to every response. Read once, when the
        // server classes initialise, so it is set before the first server is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Builder settings;
    private final NetworkModel model;
    private final Clock clock;
    private final SplittableRandom faults;
    private final AtomicLong seq = new AtomicLong();
    private final Map<String, AtomicLong> served = new LinkedHashMap<>();
    private final Map<String, AtomicLong> errors = new LinkedHashMap<>();
    private final Map<String, AtomicLong> malformed = new LinkedHashMap<>();
    private final ArrayDeque<long[]> servedLog = new ArrayDeque<>();
    private final StopSignal closing = new StopSignal();
    private long servedLogDropped;
    private HttpServer server;
    private ThreadPoolExecutor executor;

    private NdtwinSimulator(Builder b) {
        this.settings = b;
        this.clock = b.clock;
        this.model = new NetworkModel(b.seed, b.hosts, b.flows, clock.instant().getEpochSecond(), clock.getZone());
        this.faults = new SplittableRandom(b.seed ^ 0x5DEECE66DL);
        for (String e : ENDPOINTS) {
            served.put(e, new AtomicLong());
            errors.put(e, new AtomicLong());
            malformed.put(e, new AtomicLong());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds 127.0.0.1:{@code port} (0 picks a free port) and starts serving. */
    public NdtwinSimulator start(int port) throws IOException {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    public synchronized NdtwinSimulator start(InetSocketAddress address) throws IOException {
        if (server != null) {
            throw new IllegalStateException("simulator already started on port " + port());
        }
        AtomicInteger n = new AtomicInteger();
        // Bounded: fixed threads and queue; when both are full the accepting thread serves the
        // exchange itself, which slows accepting instead of dropping a request.
        executor = new ThreadPoolExecutor(settings.threads, settings.threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(256), r -> {
                    Thread t = new Thread(r, "nsr-sim http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        server = HttpServer.create(address, 128);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        LOG.info("NDTwin simulator serving {} (seed {}, fat tree k={}, {} switches, {} hosts, {} active flows)",
                url(), settings.seed, model.tree().k, model.tree().switches.size(), model.tree().hosts.size(),
                settings.flows);
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8000}; an ndtwin_kernel value. */
    public String url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** Well-formed 200 responses served for an endpoint path. */
    public long servedCount(String path) {
        AtomicLong c = served.get(path);
        return c == null ? 0 : c.get();
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        closing.raise();
        server.stop(1);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("NDTwin simulator: handler threads still busy 5 s after stop; abandoning them");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long number = seq.incrementAndGet();
            exchange.getResponseHeaders().set(SEQ_HEADER, Long.toString(number));
            String path = exchange.getRequestURI().getRawPath();
            boolean exact = exchange.getRequestURI().getRawQuery() == null;
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, error("Method not allowed", exchange.getRequestMethod()));
            } else if (exact && SERVED_PATH.equals(path)) {
                send(exchange, 200, servedReport());
            } else if (exact && ENDPOINTS.contains(path)) {
                serveEndpoint(exchange, path, number);
            } else {
                send(exchange, 404, error("Not found", exchange.getRequestURI().toString()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.debug("NDTwin simulator: exchange failed", e);
        }
    }

    private void serveEndpoint(HttpExchange exchange, String path, long number) throws IOException, InterruptedException {
        if (!settings.addedLatency.isZero() && closing.await(settings.addedLatency)) {
            return; // closing: drop the exchange rather than delay shutdown
        }
        double roll;
        synchronized (faults) {
            roll = faults.nextDouble();
        }
        if (roll < settings.errorRate) {
            errors.get(path).incrementAndGet();
            send(exchange, 500, error("Internal server error", "simulated fault (error rate " + settings.errorRate + ")"));
            return;
        }
        model.advanceTo(clock.instant().getEpochSecond());
        byte[] body = switch (path) {
            case FLOW_PATH -> model.flowsBody();
            case GRAPH_PATH -> model.graphBody();
            default -> model.powerBody();
        };
        if (roll < settings.errorRate + settings.malformedRate) {
            malformed.get(path).incrementAndGet();
            send(exchange, 200, Arrays.copyOf(body, Math.max(1, body.length / 2)));
            return;
        }
        send(exchange, 200, body);
        // Counted only once the whole body was handed to the connection.
        CRC32C crc = new CRC32C();
        crc.update(body);
        synchronized (servedLog) {
            served.get(path).incrementAndGet();
            if (servedLog.size() == SERVED_LOG_LIMIT) {
                servedLog.removeFirst();
                servedLogDropped++;
            }
            servedLog.addLast(new long[] {number, ENDPOINTS.indexOf(path), crc.getValue()});
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] error(String error, String details) {
        return json(g -> {
            g.writeStartObject();
            g.writeStringField("error", error);
            g.writeStringField("details", details);
            g.writeEndObject();
        });
    }

    private byte[] servedReport() {
        synchronized (servedLog) {
            return json(g -> {
                g.writeStartObject();
                writeCounts(g, "served", served);
                writeCounts(g, "errors", errors);
                writeCounts(g, "malformed", malformed);
                g.writeNumberField("log_dropped", servedLogDropped);
                g.writeArrayFieldStart("log");
                for (long[] e : servedLog) {
                    g.writeStartObject();
                    g.writeNumberField("seq", e[0]);
                    g.writeStringField("path", ENDPOINTS.get((int) e[1]));
                    g.writeNumberField("crc32c", e[2]);
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            });
        }
    }

    private static void writeCounts(JsonGenerator g, String name, Map<String, AtomicLong> counts) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, AtomicLong> e : counts.entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue().get());
        }
        g.writeEndObject();
    }

    private interface JsonWriter {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] json(JsonWriter w) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            w.write(g);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Settings of a simulator; every setter validates and names the bad value. */
    public static final class Builder {
        private long seed = 1;
        private int hosts = 16;
        private int flows = 50;
        private double errorRate;
        private double malformedRate;
        private Duration addedLatency = Duration.ZERO;
        private Clock clock = Clock.systemDefaultZone();
        private int threads = 4;

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder hosts(int hosts) {
            if (hosts < 2 || hosts > 100_000) {
                throw new IllegalArgumentException("hosts " + hosts + " must be from 2 to 100000");
            }
            this.hosts = hosts;
            return this;
        }

        public Builder flows(int flows) {
            if (flows < 0 || flows > 5_000_000) {
                throw new IllegalArgumentException("flows " + flows + " must be from 0 to 5000000");
            }
            this.flows = flows;
            return this;
        }

        public Builder errorRate(double rate) {
            this.errorRate = checkRate("error rate", rate);
            return this;
        }

        public Builder malformedRate(double rate) {
            this.malformedRate = checkRate("malformed rate", rate);
            return this;
        }

        public Builder addedLatency(Duration latency) {
            if (latency.isNegative()) {
                throw new IllegalArgumentException("latency " + latency.toMillis() + "ms must not be negative");
            }
            this.addedLatency = latency;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder threads(int threads) {
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("threads " + threads + " must be from 1 to 64");
            }
            this.threads = threads;
            return this;
        }

        public NdtwinSimulator build() {
            if (errorRate + malformedRate > 1.0) {
                throw new IllegalArgumentException("error rate " + errorRate + " plus malformed rate " + malformedRate
                        + " must not exceed 1");
            }
            return new NdtwinSimulator(this);
        }

        private static double checkRate(String what, double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException(what + " " + rate + " must be from 0 to 1");
            }
            return rate;
        }
    }

}
