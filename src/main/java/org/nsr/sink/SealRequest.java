package org.nsr.sink;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A source's request that its file writer publish the open file now, once every record up to a
 * sequence number has been taken from the queue, instead of at the end of the file's slot. The
 * archived watermark only moves when a file is archived, so a source that must see its records
 * archived within a bounded time (a Kafka partition being revoked) asks for this; the file is
 * then compressed at once and a new file of the same slot follows (see {@code FileNamer}).
 *
 * <p>Thread-safe: any thread requests, the writer's thread reads.
 */
public final class SealRequest {
    private final AtomicLong requested = new AtomicLong();
    private volatile Runnable onRequest = () -> { };

    /** Asks for the file holding record {@code seq} to be published as soon as the writer has it. */
    public void request(long seq) {
        requested.accumulateAndGet(seq, Math::max);
        onRequest.run();
    }

    /** The highest sequence number a seal was requested for; 0 when none was. */
    public long requested() {
        return requested.get();
    }

    /** Called on the requesting thread: the writer wakes up rather than wait out its idle poll. */
    public void onRequest(Runnable hook) {
        this.onRequest = hook;
    }
}
