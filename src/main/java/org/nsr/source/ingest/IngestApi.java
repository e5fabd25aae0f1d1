package org.nsr.source.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.nsr.aggregate.FlowTotals;
import org.nsr.aggregate.HourlyFlows;
import org.nsr.channel.Channel;
import org.nsr.core.Ticker;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.nsr.server.HttpCall;
import org.nsr.server.HttpHandler;
import org.nsr.server.HttpReply;
import org.nsr.sink.Watermark;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of the push source: {@code POST /flows}, {@code GET /flows?hour=N} or
 * {@code ?from=&to=}, {@code GET /health}; any other path 404, another method 405. Runs on the
 * server's handler threads, many at once.
 */
final class IngestApi implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(IngestApi.class);
    private static final String JSON = "application/json";

    private final IngestSourceSpec spec;
    private final Ticker ticker;
    private final HourlyFlows flows;
    private final OldHours oldHours;
    private final Watermark durable;
    private final Map<String, Counter> results = new HashMap<>();
    private final Counter records;
    /** Names of every POST, shared: 256K slots (about 1 MB), beyond which names are simply not pooled. */
    private final NamePool names = new NamePool(1 << 18);
    private volatile Channel out;

    IngestApi(IngestSourceSpec spec, Ticker ticker, HourlyFlows flows, OldHours oldHours, Watermark durable,
            Metrics metrics) {
        this.spec = spec;
        this.ticker = ticker;
        this.flows = flows;
        this.oldHours = oldHours;
        this.durable = durable;
        for (String r : List.of("accepted", "not_durable_yet", "bad_request", "queue_full", "starting",
                "unsupported_encoding")) {
            results.put(r, metrics.counter("nsr_ingest_posts_total", "POST /flows requests by result", "source",
                    spec.name(), "result", r));
        }
        this.records = metrics.counter("nsr_ingest_records_total", "Records accepted by POST /flows", "source",
                spec.name());
    }

    /** Opens the API for writes: from now on POSTs go to {@code channel}. Until then both routes answer 503. */
    void ready(Channel channel) {
        this.out = channel;
    }

    boolean isReady() {
        return out != null;
    }

    @Override
    public HttpReply handle(HttpCall call) throws Exception {
        String path = call.path();
        if (path.equals("/flows")) {
            return switch (call.method()) {
                case "POST" -> post(call);
                case "GET" -> get(call);
                default -> error(405, "method " + call.method() + " is not allowed on /flows; expected GET or POST")
                        .withHeader("Allow", "GET, POST");
            };
        }
        if (path.equals("/health")) {
            if (!call.method().equals("GET")) {
                return error(405, "method " + call.method() + " is not allowed on /health; expected GET")
                        .withHeader("Allow", "GET");
            }
            return isReady() ? HttpReply.text(200, JSON, "{\"status\":\"running\"}")
                    : HttpReply.text(503, JSON, "{\"status\":\"starting\"}").withHeader("Retry-After", "1");
        }
        return error(404, "no route " + path + "; expected /flows or /health");
    }

    private HttpReply post(HttpCall call) throws IOException, InterruptedException {
        Channel channel = out;
        if (channel == null) {
            return starting();
        }
        String encoding = call.header("Content-Encoding");
        InputStream body = call.bodyStream();
        if (encoding != null && encoding.equalsIgnoreCase("gzip")) {
            // inflated bytes are bounded too: a small gzip bomb gets 413 like a large body
            try {
                body = new BoundedStream(new GZIPInputStream(body, 16 * 1024), spec.maxBodyBytes());
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                count("bad_request");
                return error(400, "body: Content-Encoding gzip but the body is not valid gzip: " + e.getMessage())
                        .withHeader("Connection", "close");
            }
        } else if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
            count("unsupported_encoding");
            return error(415, "Content-Encoding " + encoding + ": not supported; expected gzip or identity");
        }
        String type = call.header("Content-Type");
        boolean ndjson = type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-ndjson");
        IngestBatch batch;
        try {
            batch = new BatchParser(ticker.epochMillis(), names).parse(body, ndjson);
        } catch (BadBatchException e) {
            count("bad_request");
            log.debug("source {}: POST refused: {}", spec.name(), e.getMessage());
            // the rest of the body is not read: close rather than drain what may be a gigabyte of garbage
            return error(400, e.getMessage()).withHeader("Connection", "close");
        }
        int n = batch.size();
        if (n == 0) {
            count("accepted");
            return accepted(0);
        }
        batch.stamp(ticker.epochMillis());
        long seq = channel.offer(batch, spec.maxWait());
        if (seq < 0) {
            count("queue_full");
            log.warn("source {}: queue full for {} ms; a POST of {} records got 503 (counted in "
                    + "nsr_ingest_posts_total{{result=\"queue_full\"}})", spec.name(), spec.maxWait().toMillis(), n);
            long retry = Math.max(1, (spec.maxWait().toMillis() + 999) / 1000);
            return error(503, "the queue stayed full for " + spec.maxWait().toMillis() + " ms; nothing was taken, "
                    + "retry later").withHeader("Retry-After", Long.toString(retry));
        }
        batch.addTo(flows);
        records.add(n);
        if (spec.ack() == AckMode.DURABLE && !durable.await(seq, spec.ackTimeout())) {
            count("not_durable_yet");
            log.warn("source {}: {} records queued but not fsynced within {} ms; answered 202", spec.name(), n,
                    spec.ackTimeout().toMillis());
            return HttpReply.text(202, JSON, "{\"accepted\":" + n + ",\"durable\":false}");
        }
        count("accepted");
        return accepted(n);
    }

    private HttpReply get(HttpCall call) throws IOException, InterruptedException {
        if (out == null) {
            return starting();
        }
        Map<String, String> q = query(call.query());
        List<Long> hours = new ArrayList<>();
        boolean range;
        try {
            range = hoursAsked(q, hours);
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        List<List<FlowTotals>> answer = new ArrayList<>(hours.size());
        TreeSet<Long> old = new TreeSet<>();
        for (long h : hours) {
            if (!flows.inMemory(h)) {
                old.add(h);
            }
        }
        Map<Long, List<FlowTotals>> fromRecording = old.isEmpty() ? Map.of() : oldHours.read(old, spec.maxWait());
        if (fromRecording == null) {
            return error(503, "another GET is reading old hours from the recording; retry later")
                    .withHeader("Retry-After", "1");
        }
        for (long h : hours) {
            answer.add(old.contains(h) ? fromRecording.getOrDefault(h, List.of()) : flows.hour(h));
        }
        return HttpReply.of(200, JSON, FlowsJson.write(answer, range));
    }

    /** Fills {@code hours} with the hour starts asked for; true for a from..to range. */
    private boolean hoursAsked(Map<String, String> q, List<Long> hours) {
        String hour = q.get("hour");
        String from = q.get("from");
        String to = q.get("to");
        if (hour != null) {
            if (from != null || to != null) {
                throw new IllegalArgumentException("hour: give hour or from and to, not both");
            }
            int h;
            try {
                h = Integer.parseInt(hour);
            } catch (NumberFormatException e) {
                h = -1;
            }
            if (h < 0 || h > 23) {
                throw new IllegalArgumentException("hour: '" + hour + "' is not an hour; expected 0..23");
            }
            hours.add(HourRule.latest(h, ticker.epochMillis()));
            return false;
        }
        if (from == null || to == null) {
            throw new IllegalArgumentException((from == null ? "from" : "to") + ": missing; expected hour=0..23, "
                    + "or from= and to= (epoch ms or ISO-8601)");
        }
        long f = time("from", from);
        long t = time("to", to);
        if (t <= f) {
            throw new IllegalArgumentException("to: '" + to + "' is not after from '" + from + "'");
        }
        long first = HourRule.hourStart(f);
        long count = (t - first + HourRule.HOUR_MS - 1) / HourRule.HOUR_MS;
        if (count > spec.maxRangeHours()) {
            throw new IllegalArgumentException("to: the range covers " + count + " hours; expected at most "
                    + spec.maxRangeHours() + " (aggregate.max_range_hours)");
        }
        for (long s = first; s < t; s += HourRule.HOUR_MS) {
            hours.add(s);
        }
        return true;
    }

    private static long time(String key, String text) {
        try {
            return HourRule.parseTime(text);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    private HttpReply starting() {
        count("starting");
        return error(503, "starting: the aggregation is being rebuilt from the recording").withHeader("Retry-After", "1");
    }

    private void count(String result) {
        results.get(result).increment();
    }

    private static HttpReply accepted(int n) {
        return HttpReply.text(200, JSON, "{\"accepted\":" + n + "}");
    }

    static HttpReply error(int status, String message) {
        StringBuilder b = new StringBuilder("{\"error\":\"");
        for (char c : message.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return HttpReply.text(status, JSON, b.append("\"}").toString());
    }
}
