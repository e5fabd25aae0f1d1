package org.nsr.console;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.nsr.record.Record;
import org.nsr.sink.Sink;
import org.nsr.sink.SinkFactory;
import org.nsr.sink.Watermarks;

/**
 * The live side of console subscriptions: a sink type that gives every source one tap, handed each
 * record before the file writer is ({@link Sink#beforeWriter()}), which offers it to every open
 * {@link Subscription}'s bounded buffer. It never blocks the source: with no subscription it costs
 * a volatile write and read, and a full buffer drops its subscription (counted), not the record.
 *
 * <p>Thread-safe: sources' producer threads call the taps, connections open and close
 * subscriptions.
 */
public final class SubscriptionHub implements SinkFactory {
    private final Watermarks watermarks;
    private final int bufferRecords;
    private final Map<String, SourceTap> taps = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();
    private volatile Subscription[] subscriptions = new Subscription[0];
    final Counter started;
    final Counter droppedSlow;
    final Counter delivered;
    private final Metrics metrics;

    /**
     * @param bufferRecords records each subscription buffers for its delivery thread; when they
     *     fill, the subscription is dropped and counted
     */
    public SubscriptionHub(Watermarks watermarks, int bufferRecords, Metrics metrics) {
        this.watermarks = watermarks;
        this.bufferRecords = bufferRecords;
        this.metrics = metrics;
        this.started = metrics.counter("nsr_console_subscriptions_total", "Console subscriptions started");
        this.droppedSlow = metrics.counter("nsr_console_subscriptions_dropped_total", "Console subscriptions ended "
                + "by the recorder, by reason", "reason", "slow");
        this.delivered = metrics.counter("nsr_console_subscription_records_total", "Records console subscriptions "
                + "wrote to their clients (stored and live)");
        metrics.gauge("nsr_console_subscriptions", "Console subscriptions open", open::get);
    }

    Watermarks watermarks() {
        return watermarks;
    }

    int bufferRecords() {
        return bufferRecords;
    }

    Counter endedBy(String reason) {
        return metrics.counter("nsr_console_subscriptions_ended_total", "Console subscriptions ended, by why",
                "reason", reason);
    }

    @Override
    public List<Sink> create(String source, Metrics m) {
        SourceTap tap = new SourceTap(source);
        taps.put(source, tap); // a source restarted by a reload: its new tap, its numbers go on
        return List.of(tap);
    }

    long nextId() {
        return ids.incrementAndGet();
    }

    /**
     * Opens {@code s} to the live records and answers, per source, a sequence number X such that
     * every record not handed to {@code s} has a number up to X: the stored part needs every record
     * up to X durable in the files.
     */
    Map<String, Long> open(Subscription s) {
        synchronized (this) {
            Subscription[] next = Arrays.copyOf(subscriptions, subscriptions.length + 1);
            next[next.length - 1] = s;
            subscriptions = next; // volatile write, then the reads below (see SourceTap.accept)
        }
        open.incrementAndGet();
        started.increment();
        Map<String, Long> cut = new LinkedHashMap<>();
        taps.forEach((source, tap) -> cut.put(source, tap.lastStarted));
        return cut;
    }

    /** Stops handing records to {@code s}; idempotent. */
    void close(Subscription s) {
        synchronized (this) {
            List<Subscription> next = new ArrayList<>(Arrays.asList(subscriptions));
            if (!next.remove(s)) {
                return;
            }
            subscriptions = next.toArray(new Subscription[0]);
        }
        open.decrementAndGet();
    }

    /** The open subscriptions, oldest first. */
    List<Subscription> all() {
        return List.of(subscriptions);
    }

    /** One source's tap: hands each record to every open subscription. */
    private final class SourceTap implements Sink {
        private final String source;
        /**
         * The newest sequence number whose hand-out began. Written before the subscriptions are
         * read, while {@link #open} writes them before reading this: a record that missed a new
         * subscription has a number up to what open read.
         */
        volatile long lastStarted;

        SourceTap(String source) {
            this.source = source;
        }

        @Override
        public String name() {
            return "console subscriptions";
        }

        @Override
        public boolean mayBlock() {
            return false;
        }

        @Override
        public boolean beforeWriter() {
            return true;
        }

        @Override
        public void accept(Record record, long seq) {
            lastStarted = seq;
            for (Subscription s : subscriptions) {
                s.offer(record);
            }
        }

        @Override
        public String toString() {
            return "console subscriptions of " + source;
        }
    }
}
