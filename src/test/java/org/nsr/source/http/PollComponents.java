package org.nsr.source.http;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.nsr.metrics.Metrics;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.FlowView;
import org.nsr.record.codec.FlowVisitor;
import org.nsr.source.SourceContext;

/**
 * Harness for bench/poll-components.sh: the CPU of each step one flow poll costs the recorder, on
 * the calling thread (ThreadMXBean), median of RUNS after a warm-up. The body is served by a local
 * MockWebServer (its thread is not counted). Steps: the HTTP client's read of the body; the whole
 * poll (read + validate/compact, {@link HttpSource#pollOnce}); validate/compact alone; the index
 * feed's flow extraction ({@link FlowView}); writing the line to a file; fsync; zlib deflate of the
 * line at levels 1, 2, 4 with the CRC32 the archive needs (one thread; the recorder splits a file
 * into blocks over its compression threads, same total CPU plus a little).
 *
 * <p>Usage: {@code PollComponents BODY_FILE|FLOWS RUNS}.
 */
public final class PollComponents {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private interface Step {
        long run() throws Exception;
    }

    private PollComponents() {
    }

    public static void main(String[] args) throws Exception {
        byte[] body = Files.exists(Path.of(args[0])) ? Files.readAllBytes(Path.of(args[0]))
                : FlowBodies.compact(Integer.parseInt(args[0]), 1);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse().setHeader("Content-Type", "application/json")
                            .setBody(new Buffer().write(body));
                }
            });
            server.start();
            String url = server.url("/ndt/get_detected_flow_data").toString();
            OkHttpClient client = SharedHttpClient.get();
            Request request = new Request.Builder().url(url).get().build();
            HttpSourceSpec spec = new HttpSourceSpec("flowinfo", url, Duration.ofSeconds(1), Duration.ZERO,
                    Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), 1L << 30, Map.of(),
                    BodyWrap.FIELD, "flowinfo", false);
            HttpSource source = new HttpSource(spec, client, new SourceContext(Clock.systemUTC(), new Metrics()));
            HttpPollRecord line = JsonLineEncoder.encode(new java.io.ByteArrayInputStream(body), 1L, BodyWrap.FIELD,
                    "flowinfo", body.length);
            Path file = Files.createTempFile("nsr-poll-components", ".json");
            System.out.printf("body %,d bytes, line %,d bytes, %d runs (CPU of the calling thread, median)%n",
                    body.length, line.length(), runs);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
                report("HTTP client read of the body (OkHttp)", runs, () -> read(client, request));
                report("poll: read + validate/compact (HttpSource.pollOnce)", runs, () -> source.pollOnce().length());
                report("validate/compact alone (JsonCompactor)", runs, () -> JsonLineEncoder.encode(
                        new java.io.ByteArrayInputStream(body), 1L, BodyWrap.FIELD, "flowinfo", body.length).length());
                report("index feed: flow extraction (FlowView)", runs, () -> flows(line));
                report("writer: write the line to a file (page cache)", runs, () -> write(ch, line));
                report("writer: fsync of that line", runs, () -> {
                    write(ch, line);
                    long t0 = CPU.getCurrentThreadCpuTime();
                    ch.force(true);
                    return CPU.getCurrentThreadCpuTime() - t0;
                }, true);
                for (int level : new int[] {1, 2, 4}) {
                    report("compression: zlib deflate level " + level + " + CRC32", runs, () -> deflate(line, level));
                }
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }

    private static void report(String what, int runs, Step step) throws Exception {
        report(what, runs, step, false);
    }

    /** @param selfTimed the step returns its own CPU nanoseconds */
    private static void report(String what, int runs, Step step, boolean selfTimed) throws Exception {
        for (int w = 0; w < Math.max(5, runs); w++) {
            step.run(); // warm-up: the JIT compiles the step's loops
        }
        long[] ns = new long[runs];
        long sink = 0;
        for (int r = 0; r < runs; r++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            long v = step.run();
            ns[r] = selfTimed ? v : CPU.getCurrentThreadCpuTime() - t0;
            sink += v;
        }
        Arrays.sort(ns);
        System.out.printf("  %8.2f ms CPU  %s%s%n", ns[runs / 2] / 1e6, what, sink == 42 ? " " : "");
    }

    private static long read(OkHttpClient client, Request request) throws IOException {
        try (Response response = client.newCall(request).execute(); InputStream in = response.body().byteStream()) {
            byte[] buf = new byte[(int) Math.max(8192, response.body().contentLength() + 1)];
            long total = 0;
            int n;
            while ((n = in.read(buf, (int) (total % (buf.length - 8192)), 8192)) >= 0) {
                total += n;
            }
            return total;
        }
    }

    private static long flows(HttpPollRecord line) {
        long[] count = {0};
        FlowVisitor visitor = new FlowVisitor() {
            @Override
            public void flow(Flow f) {
                count[0] += f.srcPort();
            }
        };
        new FlowView().visit(line.lineArray(), 0, line.lineLength(), 1_000_000L, visitor);
        return count[0];
    }

    private static final byte[] NEWLINE = {'\n'};

    private static long write(FileChannel ch, HttpPollRecord line) throws IOException {
        ch.truncate(0);
        ch.position(0);
        ByteBuffer[] parts = {ByteBuffer.wrap(line.lineArray(), 0, line.lineLength()), ByteBuffer.wrap(NEWLINE)};
        long written = 0;
        while (written < line.lineLength() + 1) {
            written += ch.write(parts);
        }
        return written;
    }

    private static long deflate(HttpPollRecord line, int level) {
        Deflater d = new Deflater(level, true);
        try {
            d.setInput(line.lineArray(), 0, line.lineLength());
            d.finish();
            byte[] out = new byte[64 << 10];
            long n = 0;
            while (!d.finished()) {
                n += d.deflate(out);
            }
            CRC32 crc = new CRC32();
            crc.update(line.lineArray(), 0, line.lineLength());
            return n + crc.getValue();
        } finally {
            d.end();
        }
    }
}
