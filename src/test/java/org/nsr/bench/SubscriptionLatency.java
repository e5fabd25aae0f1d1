package org.nsr.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import org.nsr.config.ConsoleSettings;
import org.nsr.console.RecordingBackend;
import org.nsr.console.RemoteConsoleServer;
import org.nsr.console.SubscriptionHub;
import org.nsr.metrics.Metrics;
import org.nsr.record.LineBuffer;
import org.nsr.record.Record;
import org.nsr.sink.Sink;
import org.nsr.sink.Watermarks;

/**
 * For bench/subscription-latency.sh: subscription delivery latency from the moment a record is
 * accepted (handed to the console's tap, as the recorder's channel does) to the moment its line is
 * read from the subscriber's socket, at RATE records/s for SECONDS; one record in MATCH_EVERY
 * matches the subscription's key. The accept time travels in the record's stream_id. Prints
 * p50/p99/max after a one-second warm-up, and the subscriptions dropped.
 *   java -cp test-classes:nsr.jar org.nsr.bench.SubscriptionLatency [RATE] [SECONDS] [MATCH_EVERY]
 */
public final class SubscriptionLatency {
    private SubscriptionLatency() {
    }

    private record Line(long timestampNanos, String json) implements Record {
        @Override
        public void writeJson(LineBuffer out) {
            out.appendAscii(json);
        }
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int every = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path empty = Files.createTempDirectory("nsr-sub-latency");
        Metrics metrics = new Metrics();
        SubscriptionHub hub = new SubscriptionHub(new Watermarks(metrics), 65_536, metrics);
        Sink tap = hub.create("bench", metrics).get(0);
        RemoteConsoleServer server = new RemoteConsoleServer(new ConsoleSettings(new InetSocketAddress("127.0.0.1",
                0), null, 4, 2, 4, 65_536, Duration.ofSeconds(10)), new RecordingBackend(empty), hub, metrics);
        server.startAsync();
        server.awaitRunning();
        int expected = rate * seconds / every;
        long[] latencies = new long[expected + 16];
        int n = 0;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            s.getOutputStream().write("query feed index ip \"10.0.0.1\" subscribe\n".getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            String header = in.readLine();
            if (!header.startsWith("subscription ")) {
                throw new IllegalStateException(header);
            }
            Thread feeder = new Thread(() -> feed(tap, rate, seconds, every), "feeder");
            feeder.start();
            long warmUntil = System.nanoTime() + 1_000_000_000L;
            for (int seen = 0; seen < expected; seen++) {
                String l = in.readLine();
                long now = System.nanoTime();
                if (l == null || l.startsWith("error: ")) {
                    System.out.println("the subscription ended: " + l);
                    break;
                }
                int a = l.indexOf(':') + 1;
                long stamp = Long.parseLong(l.substring(a, l.indexOf(',', a)));
                if (stamp > warmUntil && n < latencies.length) {
                    latencies[n++] = now - stamp;
                }
            }
            feeder.join();
        } finally {
            server.stopAsync();
            server.awaitTerminated(Duration.ofSeconds(10));
        }
        long[] v = Arrays.copyOf(latencies, n);
        Arrays.sort(v);
        System.out.printf("subscription latency at %d records/s (%d matching/s), %d samples: p50 %.2f ms, p99 %.2f ms, "
                + "max %.2f ms; subscriptions dropped %d (want p99 < 50 ms)%n", rate, rate / every, n,
                pct(v, 0.50), pct(v, 0.99), v.length == 0 ? 0 : v[v.length - 1] / 1e6,
                (long) metrics.sum("nsr_console_subscriptions_dropped_total"));
    }

    private static double pct(long[] v, double p) {
        return v.length == 0 ? 0 : v[Math.min(v.length - 1, (int) (v.length * p))] / 1e6;
    }

    /** RATE records a second in steps of one millisecond, the accept time in stream_id. */
    private static void feed(Sink tap, int rate, int seconds, int every) {
        long start = System.nanoTime();
        long total = (long) rate * seconds;
        long seq = 0;
        try {
            while (seq < total) {
                long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                if (seq >= due) {
                    LockSupport.parkNanos(200_000);
                    continue;
                }
                for (; seq < Math.min(due, total); seq++) {
                    long now = System.nanoTime();
                    String src = seq % every == 0 ? "10.0.0.1" : "10.0.2." + (seq % 200);
                    tap.accept(new Line(now, "{\"stream_id\":" + now + ",\"timestamp\":1755857592000000000,"
                            + "\"src_ip\":\"" + src + "\",\"dst_ip\":\"10.0.1.1\",\"src_port\":1000,\"dst_port\":443,"
                            + "\"protocol\":6,\"packet_count\":1,\"byte_count\":100}"), seq + 1);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
