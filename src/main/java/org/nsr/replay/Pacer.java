package org.nsr.replay;

import java.time.Duration;
import org.nsr.core.StopSignal;
import org.nsr.core.Ticker;

/**
 * Keeps the original spacing of records, scaled by a speed factor: the record with timestamp
 * {@code t} is released at {@code start + (t - t0) / speed} on the {@link Ticker}'s monotonic
 * time, where
 * {@code t0} is the first record's timestamp and {@code start} the moment it was released. A
 * record that is already due (the sink was slow, or it is a late record with an earlier timestamp)
 * goes at once; lost time is not made up by bunching. {@link #asFastAsPossible} never waits. Waits
 * are {@link Ticker#await} on the stop signal, so a stop ends one at once.
 *
 * <p>Not thread-safe: the replay thread owns it.
 */
public final class Pacer {
    private final Ticker ticker;
    private final StopSignal stop;
    private final double speed;
    private boolean started;
    private long baseRecordNanos;
    private long baseClockNanos;

    private Pacer(Ticker ticker, StopSignal stop, double speed) {
        this.ticker = ticker;
        this.stop = stop;
        this.speed = speed;
    }

    /** Paced on {@code ticker}; {@code stop} ends a wait early. */
    public static Pacer atSpeed(Ticker ticker, StopSignal stop, double speed) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a positive finite number, was " + speed);
        }
        return new Pacer(ticker, stop, speed);
    }

    public static Pacer asFastAsPossible(Ticker ticker) {
        return new Pacer(ticker, StopSignal.NEVER, Double.POSITIVE_INFINITY);
    }

    public boolean paced() {
        return !Double.isInfinite(speed);
    }

    /** Forgets the base, so the next record is released at once (used at the start of each loop). */
    public void restart() {
        started = false;
    }

    /**
     * Waits until the record with {@code recordNanos} is due.
     *
     * @return false when a stop request ended the wait
     */
    public boolean awaitDue(long recordNanos) throws InterruptedException {
        if (!paced()) {
            return true;
        }
        long now = ticker.nanoTime();
        if (!started) {
            started = true;
            baseRecordNanos = recordNanos;
            baseClockNanos = now;
            return true;
        }
        long due = baseClockNanos + (long) ((recordNanos - baseRecordNanos) / speed);
        long wait = due - now;
        return wait <= 0 || !ticker.await(stop, Duration.ofNanos(wait));
    }

    /** The replay clock expressed as a record time: the recording time that is "now". */
    public long replayTimeNanos() {
        if (!started || !paced()) {
            return Long.MIN_VALUE;
        }
        return baseRecordNanos + (long) ((ticker.nanoTime() - baseClockNanos) * speed);
    }
}
