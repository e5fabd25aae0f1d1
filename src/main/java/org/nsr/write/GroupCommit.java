package org.nsr.write;

import org.nsr.core.Ticker;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.nsr.sink.Watermark;

/**
 * When the writer fsyncs its open file for waiters on the durable watermark: only while someone
 * waits for records that are written but not yet durable, and at most once per
 * {@code sync_interval}, so one sync covers every waiter. When nobody waits it never syncs.
 * Used by the writer's thread only.
 */
final class GroupCommit {
    private final Watermark durable;
    private final long syncNanos;
    private final Counter syncs;
    private long lastSyncNanos;

    GroupCommit(Watermark durable, long syncNanos, Ticker ticker, Metrics metrics, String source) {
        this.durable = durable;
        this.syncNanos = syncNanos;
        this.lastSyncNanos = ticker.nanoTime() - syncNanos; // the first waiter is served at once
        this.syncs = metrics.counter("nsr_writer_group_commits_total",
                "fsyncs of an open file for waiters on the durable watermark", "source", source);
    }

    /** Someone waits for records that are written (up to {@code writtenSeq}) but not yet durable. */
    boolean wanted(long writtenSeq) {
        long d = durable.value();
        return durable.wanted() > d && writtenSeq > d;
    }

    /** Someone waits for records not yet written: the sorter still holds them. */
    boolean waitsBeyond(long writtenSeq) {
        return durable.wanted() > writtenSeq;
    }

    /** Nanoseconds from {@code mono} until the next sync may run. */
    long untilNext(long mono) {
        return Math.max(0, lastSyncNanos + syncNanos - mono);
    }

    boolean due(long mono, long writtenSeq) {
        return wanted(writtenSeq) && mono - lastSyncNanos >= syncNanos;
    }

    /** A commit starts now: the next may run one {@code sync_interval} later. */
    void started(long mono) {
        lastSyncNanos = mono;
    }

    /** The open file was fsynced for the waiters. */
    void synced() {
        syncs.increment();
    }
}
