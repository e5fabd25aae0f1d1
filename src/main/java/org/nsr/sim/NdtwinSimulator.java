package org.nsr.sim;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.nsr.core.StopSignal;
import org.nsr.lifecycle.Service;
import org.nsr.server.HttpCall;
import org.nsr.server.HttpReply;
import org.nsr.server.HttpServerBase;
import org.nsr.server.HttpServerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for the NDTwin kernel's REST API, serving a simulated fat-tree network (see
 * {@link NetworkModel}) on the shared {@link HttpServerBase}.
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
 * <p>Lifecycle: {@link #start} binds and serves (a taken port throws
 * {@link org.nsr.server.ListenException}); {@link #close} stops accepting, lets exchanges in
 * progress finish for up to one second, and ends the handler threads ({@code "sim-http-N"}).
 * {@link #service()} is the server as a {@link Service}. The model's time is the injected
 * clock's, so a test can drive it.
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
    private HttpServerBase server;

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
        HttpServerBase s = new HttpServerBase(HttpServerSettings.builder("sim").bind(address).threads(settings.threads)
                .queuedRequests(256).maxBodyBytes(0).build(), this::handle);
        s.start();
        server = s;
        LOG.info("NDTwin simulator serving {} (seed {}, fat tree k={}, {} switches, {} hosts, {} active flows)",
                url(), settings.seed, model.tree().k, model.tree().switches.size(), model.tree().hosts.size(),
                settings.flows);
        return this;
    }

    public int port() {
        return server.port();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8000}; an ndtwin_kernel value. */
    public String url() {
        return server.url();
    }

    /** The simulator's server as a service, for a coordinator; null before {@link #start}. */
    public Service service() {
        return server;
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
        server.close();
        server = null;
    }

    private HttpReply handle(HttpCall call) throws InterruptedException {
        long number = seq.incrementAndGet();
        String path = call.path();
        boolean exact = call.query() == null;
        HttpReply reply;
        if (!"GET".equals(call.method())) {
            reply = json(405, error("Method not allowed", call.method()));
        } else if (exact && SERVED_PATH.equals(path)) {
            reply = json(200, servedReport());
        } else if (exact && ENDPOINTS.contains(path)) {
            reply = serveEndpoint(path, number);
        } else {
            reply = json(404, error("Not found", path + (exact ? "" : "?" + call.query())));
        }
        return reply.withHeader(SEQ_HEADER, Long.toString(number));
    }

    private HttpReply serveEndpoint(String path, long number) throws InterruptedException {
        if (!settings.addedLatency.isZero() && closing.await(settings.addedLatency)) {
            return json(503, error("Stopping", "the simulator is closing")); // rather than delay shutdown
        }
        double roll;
        synchronized (faults) {
            roll = faults.nextDouble();
        }
        if (roll < settings.errorRate) {
            errors.get(path).incrementAndGet();
            return json(500, error("Internal server error", "simulated fault (error rate " + settings.errorRate + ")"));
        }
        model.advanceTo(clock.instant().getEpochSecond());
        byte[] body = switch (path) {
            case FLOW_PATH -> model.flowsBody();
            case GRAPH_PATH -> model.graphBody();
            default -> model.powerBody();
        };
        if (roll < settings.errorRate + settings.malformedRate) {
            malformed.get(path).incrementAndGet();
            return json(200, Arrays.copyOf(body, Math.max(1, body.length / 2)));
        }
        // Counted only once the whole body was handed to the connection.
        return json(200, body).whenSent(() -> {
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
        });
    }

    private static HttpReply json(int status, byte[] body) {
        return HttpReply.of(status, "application/json", body);
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
