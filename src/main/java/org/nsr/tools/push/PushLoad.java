package org.nsr.tools.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The load tool behind {@code nsr push}: C clients POST random records in batches, keeping the
 * exact sums they sent per (hour, flow); at the end every hour is read back with GET and compared.
 *
 * <p>Flows are named {@code src-<i/100>}, {@code dst-<i%100>}, {@code vpc-<run>}: the run tag
 * keeps this run's rows apart from anything else the server holds, so the check holds on a
 * server that is not empty. A 503 is retried after its Retry-After (counted); a 400 or another
 * failure leaves its batch out of the expected sums (counted, and the run fails).
 */
public final class PushLoad {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PushSettings s;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private final String runTag;
    /** Over 24 hours records carry {@code time}: hour h is the h-th of the hours ending with the current one. */
    private final long firstHourStart;
    /** For the read-back; each posting client has its own (one connection per lane, nothing shared to stall). */
    private final HttpClient http = newClient();
    private final LongAdder sent = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final ConcurrentHashMap<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final AtomicLong firstFailure = new AtomicLong();
    private volatile String failureText;

    public PushLoad(PushSettings settings, PrintStream out, PrintStream err, boolean terminal) {
        this.s = settings;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        long nowHour = System.currentTimeMillis() / 3_600_000L * 3_600_000L;
        this.firstHourStart = settings.hours() > 24 ? nowHour - (settings.hours() - 1) * 3_600_000L : -1;
        this.runTag = Long.toString(Math.abs(new SplittableRandom(settings.seed() ^ System.nanoTime()).nextLong()), 36);
    }

    /** @return 0 when every hour read back matches what was sent, 1 otherwise */
    public int run() throws Exception {
        int lanes = s.clients() * s.inFlight();
        ExecutorService pool = Executors.newFixedThreadPool(lanes, r -> {
            Thread t = new Thread(r, "push-client");
            t.setDaemon(true);
            return t;
        });
        // bodies are encoded before the timed run, the clients in parallel
        long perClient = s.records() / s.clients();
        List<Future<Client>> preparing = new ArrayList<>();
        for (int c = 0; c < s.clients(); c++) {
            long n = perClient + (c < s.records() % s.clients() ? 1 : 0);
            int client = c;
            preparing.add(pool.submit(() -> prepare(client, n)));
        }
        List<Client> clients = new ArrayList<>();
        for (Future<Client> f : preparing) {
            clients.add(f.get());
        }
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        long startHour = System.currentTimeMillis() / 3_600_000L;
        Thread bar = terminal ? progressBar(t0) : null;
        long laneGap = s.rate() <= 0 ? 0 : (long) (1e9 * s.batchSize() * lanes / s.rate());
        List<Future<?>> running = new ArrayList<>();
        int laneIndex = 0;
        for (Client c : clients) {
            for (int l = 0; l < s.inFlight(); l++) {
                long first = t0 + laneGap * laneIndex++ / lanes; // lanes staggered over one gap
                running.add(pool.submit(() -> {
                    lane(c, laneGap, first);
                    return null;
                }));
            }
        }
        for (Future<?> f : running) {
            f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
        pool.shutdown();
        if (bar != null) {
            bar.interrupt();
            bar.join(1000);
            err.print("\r\033[K");
        }
        Expected expected = new Expected(s.hours(), s.flows());
        long[] latencies = new long[0];
        int count = 0;
        for (Client c : clients) {
            c.addAcceptedTo(expected);
            latencies = Arrays.copyOf(latencies, count + c.posts);
            System.arraycopy(c.latencies, 0, latencies, count, c.posts);
            count += c.posts;
        }
        Arrays.sort(latencies);
        long crossed = System.currentTimeMillis() / 3_600_000L - startHour;
        long done = sent.sum();
        // printed before the read-back, so a script can take the server's CPU for the posts alone
        out.printf("sent %d records in %d POSTs in %.2f s: %.0f records/s%n", done, count, seconds, done / seconds);
        out.printf("POST latency p50 %.2f ms, p99 %.2f ms, max %.2f ms; statuses %s; 503 retries %d%n",
                pct(latencies, 0.50), pct(latencies, 0.99), pct(latencies, 1.0), statuses, retries.sum());
        out.printf("client: %d clients x %d in flight; CPU %.2f s during the posts, %.2f us per record%n",
                s.clients(), s.inFlight(), cpuSeconds, done == 0 ? 0 : cpuSeconds * 1e6 / done);
        out.flush();
        long r0 = System.nanoTime();
        int mismatches = check(expected);
        out.printf("read back %d hours in %.2f s: %d mismatches (run tag vpc-%s)%n", s.hours(),
                (System.nanoTime() - r0) / 1e9, mismatches, runTag);
        if (crossed > 0) {
            out.println("note: the run crossed an hour boundary; records sent with hour alone count in the latest such "
                    + "hour at receipt, so hours sent before the boundary may read back under a different day");
        }
        if (failureText != null) {
            out.println("failed POSTs (" + firstFailure.get() + "), first: " + failureText);
        }
        return mismatches == 0 && failureText == null ? 0 : 1;
    }

    /** CPU time of this whole process (every thread, GC and JIT included), or 0 where the JVM does not say. */
    private static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Encodes one client's bodies: 64 of them cycled through, and a short last one if the records need it. */
    private Client prepare(int client, long records) {
        SplittableRandom rnd = new SplittableRandom(s.seed() * 1_000_003L + client);
        if (records == 0) { // more clients than records
            return new Client(new Bodies(0, 0, s.flows(), s.hours(), runTag, firstHourStart, rnd), null, 0);
        }
        long full = records / s.batchSize();
        int tail = (int) (records % s.batchSize());
        if (full == 0) { // fewer records than one batch: one body of them all
            full = 1;
            tail = 0;
        }
        Bodies bodies = new Bodies((int) Math.max(1, Math.min(Bodies.DISTINCT, full)),
                (int) Math.min(s.batchSize(), records), s.flows(), s.hours(), runTag, firstHourStart, rnd);
        Bodies last = tail == 0 ? null : new Bodies(1, tail, s.flows(), s.hours(), runTag, firstHourStart, rnd);
        return new Client(bodies, last, (int) full);
    }

    /**
     * One lane of a client: takes the client's next POST, sends it, waits for the answer, and so
     * on; a client's lanes run at once, each on its own connection. With {@code gap > 0} a lane
     * sends one POST per gap from {@code first} on.
     */
    private void lane(Client c, long gap, long first) throws InterruptedException {
        long next = first;
        int p;
        PostConnection conn = "http".equalsIgnoreCase(s.base().getScheme()) ? new PostConnection(s.base(), s.token()) : null;
        Sender sender = conn != null ? conn::post : this::sendWithJdkClient;
        try {
            while ((p = c.take()) >= 0) {
                Bodies b = c.bodiesOf(p);
                int k = c.bodyOf(p);
                if (gap > 0) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    next += gap;
                }
                long start = System.nanoTime();
                int status = post(sender, b.json[k]);
                c.latencies[p] = System.nanoTime() - start;
                if (status == 200 || status == 202) {
                    b.accepted(k);
                    sent.add(b.size(k));
                }
            }
        } finally {
            if (conn != null) {
                conn.close();
            }
        }
    }

    /** A way to send one POST and read its answer: a lane's socket, or the JDK's client for https. */
    private interface Sender {
        PostConnection.Answer send(byte[] body) throws IOException, InterruptedException;
    }

    /**
     * One POST of a pre-encoded body (HTTP/1.1, no gzip): retried after a 503's Retry-After,
     * every status counted; returns the final status, or -1 when the POST could not be sent.
     */
    private int post(Sender sender, byte[] body) throws InterruptedException {
        while (true) {
            PostConnection.Answer a;
            try {
                a = sender.send(body);
            } catch (IOException e) {
                fail("POST failed: " + e);
                return -1;
            }
            statuses.computeIfAbsent(a.status(), k -> new LongAdder()).increment();
            if (a.status() == 503) {
                retries.increment();
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(a.retryAfterSeconds()));
                continue;
            }
            if (a.status() != 200 && a.status() != 202) {
                fail("HTTP " + a.status() + ": " + a.body());
            }
            return a.status();
        }
    }

    /** One POST through the JDK's client (the one the read-back uses), for an {@code https} URL. */
    private PostConnection.Answer sendWithJdkClient(byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(s.base().resolve("/flows")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (s.token() != null) {
            r.header("Authorization", "Bearer " + s.token());
        }
        HttpResponse<String> resp = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        return new PostConnection.Answer(resp.statusCode(),
                resp.headers().firstValueAsLong("Retry-After").orElse(1), resp.body());
    }

    private void fail(String what) {
        if (firstFailure.getAndIncrement() == 0) {
            failureText = what;
        }
    }

    private int check(Expected expected) throws IOException, InterruptedException {
        int mismatches = 0;
        String tag = "vpc-" + runTag;
        for (int h = 0; h < s.hours(); h++) {
            String which = firstHourStart < 0 ? "hour=" + h
                    : "from=" + (firstHourStart + h * 3_600_000L) + "&to=" + (firstHourStart + (h + 1) * 3_600_000L);
            HttpRequest.Builder r = HttpRequest.newBuilder(s.base().resolve("/flows?" + which))
                    .timeout(Duration.ofSeconds(60));
            if (s.token() != null) {
                r.header("Authorization", "Bearer " + s.token());
            }
            HttpResponse<String> resp;
            try {
                resp = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                out.println("GET hour " + h + " failed: " + e);
                mismatches++;
                continue;
            }
            if (resp.statusCode() != 200) {
                out.println("GET hour " + h + ": HTTP " + resp.statusCode() + " " + resp.body());
                mismatches++;
                continue;
            }
            boolean[] found = new boolean[s.flows()];
            for (JsonNode row : JSON.readTree(resp.body())) {
                if (!tag.equals(row.path("vpc_id").asText())) {
                    continue;
                }
                int flow = Integer.parseInt(row.get("src_app").asText().substring(4)) * 100
                        + Integer.parseInt(row.get("dest_app").asText().substring(4));
                if (flow >= s.flows()) {
                    mismatches++;
                    continue;
                }
                int i = expected.index(h, flow);
                found[flow] = true;
                if (row.get("bytes_tx").asLong() != expected.tx[i]
                        || row.get("bytes_rx").asLong() != expected.rx[i]) {
                    if (mismatches++ < 5) {
                        out.println("mismatch hour " + h + ": " + row + " expected bytes_tx " + expected.tx[i]
                                + ", bytes_rx " + expected.rx[i]);
                    }
                }
            }
            for (int f = 0; f < s.flows(); f++) {
                if (expected.seen[expected.index(h, f)] && !found[f] && mismatches++ < 5) {
                    out.println("mismatch hour " + h + ": flow src-" + f / 100 + "/dst-" + f % 100 + " missing");
                }
            }
        }
        return mismatches;
    }

    private Thread progressBar(long t0) {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long done = sent.sum();
                double frac = Math.min(1.0, done / (double) s.records());
                int width = 30;
                int filled = (int) (frac * width);
                double secs = (System.nanoTime() - t0) / 1e9;
                err.printf("\r[%s%s] %3.0f%% %d records, %.0f/s ", "#".repeat(filled), ".".repeat(width - filled),
                        frac * 100, done, secs > 0 ? done / secs : 0);
                err.flush();
                try {
                    Thread.sleep(200); // a display refresh, not a wait for something
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "push-progress");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
        return sorted[i] / 1e6;
    }

    static URI base(String url) {
        return URI.create(url.replaceAll("/+$", ""));
    }
}
