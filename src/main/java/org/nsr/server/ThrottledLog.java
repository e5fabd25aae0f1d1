package org.nsr.server;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Keeps a flood of refusals from flooding the log: at most one line a minute, carrying the number
 * counted since the previous line. The counter itself counts every event.
 */
final class ThrottledLog {
    private static final long EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private final LongSupplier total;
    private final AtomicLong reported = new AtomicLong();
    private final AtomicLong lastNanos = new AtomicLong(System.nanoTime() - EVERY_NANOS);

    ThrottledLog(LongSupplier total) {
        this.total = total;
    }

    /** The count since the last report when a report is due now, else 0. */
    long takeIfDue() {
        long now = System.nanoTime();
        long last = lastNanos.get();
        if (now - last < EVERY_NANOS || !lastNanos.compareAndSet(last, now)) {
            return 0;
        }
        long t = total.getAsLong();
        return t - reported.getAndSet(t);
    }
}
