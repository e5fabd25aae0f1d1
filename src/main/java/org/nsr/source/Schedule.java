package org.nsr.source;

import java.time.Duration;
import java.util.function.LongUnaryOperator;
import org.nsr.core.StopSignal;
import org.nsr.core.Ticker;
import org.nsr.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fixed-rate ticks aligned to whole multiples of the interval on the wall clock: with a 1 s
 * interval a source polls at :00.000, :01.000, ...; with 5 s at :00, :05, :10. Each tick is
 * computed from the previous tick's nominal time, never from "now + interval", so the schedule
 * does not drift however long it runs. The first tick is the first aligned instant at or after
 * the source's start (with a 1 s interval, within a second of starting).
 *
 * <p>A poll that overruns skips the ticks it covered: the next tick is the first aligned instant
 * still in the future. Skipped ticks are counted and logged; there is never a burst of catch-up
 * polls. Optional jitter delays each tick by a random amount in {@code [0, jitter)} without
 * moving the nominal tick, so jitter does not accumulate either.
 *
 * <p>Not thread-safe: one source thread owns its schedule.
 */
public final class Schedule {
    private static final Logger LOG = LoggerFactory.getLogger(Schedule.class);
    private static final long SKIP_LOG_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    private final String owner;
    private final long intervalNanos;
    private final long jitterNanos;
    private final Ticker ticker;
    private final LongUnaryOperator jitterSource;
    private final Counter skippedCounter;

    private long lastTickNanos = Long.MIN_VALUE;
    private long skippedTotal;
    private long skippedSinceLog;
    private long lastSkipLogNanos = Long.MIN_VALUE;

    /**
     * @param owner name used in log lines (the source's name)
     * @param interval tick spacing, at least 1 ms
     * @param jitter maximum random delay added to each tick, from zero up to (excluding) the interval
     * @param jitterSource given a bound {@code n > 0}, returns a value in {@code [0, n)}
     * @param skippedCounter counts ticks skipped because a poll overran
     */
    public Schedule(String owner, Duration interval, Duration jitter, Ticker ticker,
            LongUnaryOperator jitterSource, Counter skippedCounter) {
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException(owner + ": interval " + interval + " must be at least 1ms");
        }
        if (jitter.isNegative() || jitter.compareTo(interval) >= 0) {
            throw new IllegalArgumentException(owner + ": jitter " + jitter + " must be from 0 to below the interval " + interval);
        }
        this.owner = owner;
        this.intervalNanos = interval.toNanos();
        this.jitterNanos = jitter.toNanos();
        this.ticker = ticker;
        this.jitterSource = jitterSource;
        this.skippedCounter = skippedCounter;
    }

    /**
     * Waits for the next tick and returns its nominal time (epoch nanoseconds, a multiple of the
     * interval), or -1 if stop was raised before it came.
     */
    public long awaitNextTick(StopSignal stop) throws InterruptedException {
        long now = nowNanos();
        long next;
        if (lastTickNanos == Long.MIN_VALUE) {
            next = ceilToInterval(now);
        } else {
            next = lastTickNanos + intervalNanos;
            if (next < now) {
                // The poll overran: every aligned tick up to now was covered by it.
                long firstFuture = ceilToInterval(now);
                long skipped = (firstFuture - next) / intervalNanos;
                recordSkipped(skipped, now);
                next = firstFuture;
            }
        }
        long fireAt = next + (jitterNanos > 0 ? jitterSource.applyAsLong(jitterNanos) : 0);
        // Re-read the clock after every wake: a wait can end early, and the wall clock can be stepped.
        while (true) {
            if (stop.isRaised()) {
                return -1;
            }
            long remaining = fireAt - nowNanos();
            if (remaining <= 0) {
                break;
            }
            if (ticker.await(stop, Duration.ofNanos(Math.min(remaining, intervalNanos)))) {
                return -1;
            }
        }
        lastTickNanos = next;
        return next;
    }

    /** Ticks skipped so far because polls overran. */
    public long skippedTicks() {
        return skippedTotal;
    }

    public Duration interval() {
        return Duration.ofNanos(intervalNanos);
    }

    private void recordSkipped(long skipped, long now) {
        if (skipped <= 0) {
            return;
        }
        skippedTotal += skipped;
        skippedSinceLog += skipped;
        skippedCounter.add(skipped);
        // Every skip is counted; the log line is rate-limited so a persistently slow poll does not flood.
        if (lastSkipLogNanos == Long.MIN_VALUE || now - lastSkipLogNanos >= SKIP_LOG_EVERY_NANOS) {
            LOG.warn("source {}: a poll overran its {} ms interval; skipped {} tick(s) ({} in total) instead of catching up",
                    owner, intervalNanos / 1_000_000, skippedSinceLog, skippedTotal);
            skippedSinceLog = 0;
            lastSkipLogNanos = now;
        }
    }

    private long ceilToInterval(long nanos) {
        long floor = Math.floorDiv(nanos, intervalNanos) * intervalNanos;
        return floor == nanos ? nanos : floor + intervalNanos;
    }

    private long nowNanos() {
        return ticker.epochNanos();
    }
}
