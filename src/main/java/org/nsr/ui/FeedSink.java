package org.nsr.ui;

import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.nsr.record.Record;
import org.nsr.sink.Sink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One source's way into the {@link FlowFeed}: records gather in an array of
 * {@value FlowFeed#BATCH} and only a full array is handed to the feed's queue, so a record costs
 * the recording one uncontended lock and an array store, not a queue operation and a thread
 * wake-up. The feed takes a partial array after {@code 100 ms} without a full one. Never blocks:
 * a batch the full queue refuses is dropped and counted ({@code nsr_sink_dropped_total}), and the
 * first drop of a streak is logged.
 *
 * <p>Threading: {@link #accept} on the source's producer threads (one at a time, the channel orders
 * them); {@link #handOverPartial} on the feed's thread.
 */
final class FeedSink implements Sink {
    private static final Logger log = LoggerFactory.getLogger(FeedSink.class);

    private final String source;
    private final String name;
    private final FlowFeed feed;
    private final Counter delivered;
    private final Counter dropped;
    private Record[] current = new Record[FlowFeed.BATCH]; // guarded by this
    private int size; // guarded by this
    private volatile boolean dropping;

    FeedSink(String source, String name, FlowFeed feed, Metrics metrics) {
        this.source = source;
        this.name = name;
        this.feed = feed;
        this.dropped = metrics.counter("nsr_sink_dropped_total", "Records a non-blocking sink dropped because it was "
                + "behind", "source", source, "sink", name);
        this.delivered = metrics.counter("nsr_sink_records_total", "Records a sink handed on", "source", source,
                "sink", name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean mayBlock() {
        return false;
    }

    @Override
    public void accept(Record record, long seq) {
        Record[] full;
        synchronized (this) {
            current[size++] = record;
            if (size < current.length) {
                return;
            }
            full = current;
            current = new Record[FlowFeed.BATCH];
            size = 0;
        }
        handOver(full, full.length);
    }

    /** Hands on the records gathered so far, if any. */
    void handOverPartial() {
        Record[] part;
        int n;
        synchronized (this) {
            if (size == 0) {
                return;
            }
            part = current;
            n = size;
            current = new Record[FlowFeed.BATCH];
            size = 0;
        }
        handOver(part, n);
    }

    private void handOver(Record[] records, int n) {
        if (feed.offer(records, n)) {
            delivered.add(n);
            dropping = false;
            return;
        }
        dropped.add(n);
        feed.dropped(n);
        if (!dropping) {
            dropping = true;
            log.warn("the {} analysis of {} is behind: dropping records (counted in nsr_sink_dropped_total) until it "
                    + "catches up", name, source);
        }
    }

    @Override
    public void sourceEnded() {
        handOverPartial();
        feed.ended(this);
    }

    long droppedCount() {
        return dropped.get();
    }
}
