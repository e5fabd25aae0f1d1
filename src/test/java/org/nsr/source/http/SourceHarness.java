package org.nsr.source.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.nsr.core.StopSignal;
import org.nsr.metrics.Metrics;
import org.nsr.channel.RecordQueue;
import org.nsr.record.LineBuffer;
import org.nsr.record.Record;
import org.nsr.source.Source;
import org.nsr.source.SourceContext;

/** Runs one source on its own thread and collects its record lines; waits use deadlines, never sleeps. */
final class SourceHarness implements AutoCloseable {
    final Metrics metrics = new Metrics();
    final RecordQueue queue = new RecordQueue("test", 1000, metrics);
    final StopSignal stop = new StopSignal();
    final List<String> lines = new ArrayList<>();
    final List<Long> timestamps = new ArrayList<>();
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    SourceHarness(HttpSourceSpec spec) {
        Source source = spec.create(new SourceContext(Clock.systemUTC(), metrics));
        thread = new Thread(() -> {
            try {
                source.run(queue, stop);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "source " + spec.name());
        thread.start();
    }

    /** Waits until at least {@code n} lines have arrived, up to 20 s. */
    List<String> awaitLines(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<Record> batch = new ArrayList<>();
        while (lines.size() < n && System.nanoTime() < deadline) {
            batch.clear();
            queue.drainTo(batch, 1000, TimeUnit.MILLISECONDS.toNanos(50));
            for (Record r : batch) {
                LineBuffer buf = new LineBuffer(256);
                r.writeJson(buf);
                lines.add(buf.toString());
                timestamps.add(r.timestampNanos());
            }
        }
        assertTrue(lines.size() >= n, "expected " + n + " lines, got " + lines);
        return lines;
    }

    /** Waits until {@code condition} holds, up to 20 s. */
    static void awaitTrue(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            new StopSignal().await(Duration.ofMillis(10));
        }
    }

    double failures(String kind) {
        return metrics.value("nsr_source_poll_failures_total", "source", "test", "kind", kind);
    }

    double polls() {
        return metrics.value("nsr_source_polls_total", "source", "test", "result", "ok");
    }

    /** Stops the source and waits for run() to return; returns lines still queued. */
    List<String> stopAndDrain() throws InterruptedException {
        stop.raise();
        thread.join(TimeUnit.SECONDS.toMillis(30));
        assertTrue(!thread.isAlive(), "source did not stop");
        if (failure.get() != null) {
            throw new AssertionError("source failed", failure.get());
        }
        queue.close();
        List<Record> rest = new ArrayList<>();
        queue.drainTo(rest, Integer.MAX_VALUE, 0);
        for (Record r : rest) {
            LineBuffer buf = new LineBuffer(256);
            r.writeJson(buf);
            lines.add(buf.toString());
            timestamps.add(r.timestampNanos());
        }
        return lines;
    }

    @Override
    public void close() throws InterruptedException {
        if (thread.isAlive()) {
            stop.raise();
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
    }
}
