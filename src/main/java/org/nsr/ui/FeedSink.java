package org.nsr.ui;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.nsr.metrics.Metrics;
import org.nsr.record.Record;
import org.nsr.sink.Sink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One source's way into the {@link FlowFeed}: a single-producer ring the feed's thread reads on its
 * own schedule. The recording pays almost nothing per record: records come in segments of
 * {@value #SEGMENT}, and at the start of each the sink asks the feed's {@link FlowFeed#keep() keep}
 * share whether to gather that segment; a record of a skipped segment costs one store to its counter, a
 * gathered one an array store and an ordered (not fenced) store of the ring's tail. No lock, no
 * queue operation, no wake-up, no metric update per record: the counts are plain fields the
 * metrics read ({@code nsr_sink_records_total} handed on, {@code nsr_sink_dropped_total} refused
 * by a full ring, sampled-out ones in the feed's {@code nsr_analysis_records_total}). Never blocks;
 * the first drop of a streak is logged.
 *
 * <p>Threading: {@link #accept} and {@link #sourceEnded} on the source's producer threads, one at a
 * time (the channel orders them); {@link #drainTo} on the feed's thread only.
 */
final class FeedSink implements Sink {
    /** Records per sampling decision. */
    static final int SEGMENT = 256;
    private static final Logger log = LoggerFactory.getLogger(FeedSink.class);
    private static final VarHandle SKIPPED;
    private static final VarHandle TAIL;
    private static final VarHandle HEAD;
    private static final VarHandle DROPPED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SKIPPED = l.findVarHandle(FeedSink.class, "skipped", long.class);
            TAIL = l.findVarHandle(FeedSink.class, "tail", long.class);
            HEAD = l.findVarHandle(FeedSink.class, "head", long.class);
            DROPPED = l.findVarHandle(FeedSink.class, "dropped", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String source;
    private final String name;
    private final FlowFeed feed;
    private final Record[] ring;
    private final int mask;
    private final long baseSkipped;
    private final long baseDelivered;
    private final long baseDropped;
    // the producer's: written under the channel's order, read by others through the VarHandles
    private long skipped;
    private long tail;
    private int left = SEGMENT;
    private long dropped;
    private long headSeen;
    private boolean gathering = true;
    private double credit;
    private boolean dropping;
    // the feed thread's
    private long head;
    private volatile boolean ended;

    /**
     * @param capacity records the ring holds, rounded up to a power of two
     * @param previous the sink this one replaces for the same source (a reload), whose counts go on; or null
     */
    FeedSink(String source, String name, FlowFeed feed, int capacity, FeedSink previous, Metrics metrics) {
        this.source = source;
        this.name = name;
        this.feed = feed;
        int cap = Integer.highestOneBit(Math.max(SEGMENT, capacity) - 1) << 1;
        this.ring = new Record[cap];
        this.mask = cap - 1;
        this.baseSkipped = previous == null ? 0 : previous.sampledOut();
        this.baseDelivered = previous == null ? 0 : previous.delivered();
        this.baseDropped = previous == null ? 0 : previous.dropped();
        metrics.counterFrom("nsr_sink_dropped_total", "Records a non-blocking sink dropped because it was behind",
                this::dropped, "source", source, "sink", name);
        metrics.counterFrom("nsr_sink_records_total", "Records a sink handed on", this::delivered, "source", source,
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
        if (gathering) {
            push(record);
        } else {
            SKIPPED.setOpaque(this, skipped + 1);
        }
        if (--left == 0) {
            left = SEGMENT;
            double k = feed.keep();
            credit += k;
            gathering = credit >= 1;
            if (gathering) {
                credit -= 1;
            }
        }
    }

    private void push(Record record) {
        long t = tail;
        if (t - headSeen >= ring.length) {
            headSeen = (long) HEAD.getAcquire(this);
            if (t - headSeen >= ring.length) {
                DROPPED.setOpaque(this, dropped + 1);
                if (!dropping) {
                    dropping = true;
                    log.warn("the {} analysis of {} is behind: dropping records (counted in nsr_sink_dropped_total) "
                            + "until it catches up", name, source);
                }
                return;
            }
        }
        dropping = false;
        ring[(int) t & mask] = record;
        TAIL.setRelease(this, t + 1);
    }

    /**
     * Moves up to {@code max} waiting records into {@code into} (from index 0), freeing their slots.
     * Feed thread only.
     *
     * @return how many were moved
     */
    int drainTo(Record[] into, int max) {
        long t = (long) TAIL.getAcquire(this);
        long h = head;
        int n = (int) Math.min(max, t - h);
        for (int i = 0; i < n; i++) {
            int slot = (int) (h + i) & mask;
            into[i] = ring[slot];
            ring[slot] = null;
        }
        if (n > 0) {
            HEAD.setRelease(this, h + n);
        }
        return n;
    }

    /** Records waiting in the ring. */
    long waiting() {
        return (long) TAIL.getAcquire(this) - head;
    }


    /** Records put into the ring for the feed. */
    long delivered() {
        return baseDelivered + (long) TAIL.getOpaque(this);
    }

    long dropped() {
        return baseDropped + (long) DROPPED.getOpaque(this);
    }

    /** Records of segments the sink did not gather (the feed's sample), all of them counted. */
    long sampledOut() {
        return baseSkipped + (long) SKIPPED.getOpaque(this);
    }

    /** Records that never reach the feed: sampled out here or dropped. */
    long undelivered() {
        return sampledOut() + dropped();
    }

    @Override
    public void sourceEnded() {
        ended = true;
    }

    boolean ended() {
        return ended;
    }

    String source() {
        return source;
    }
}
