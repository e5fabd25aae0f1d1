package org.nsr.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The one source of time: wall time, monotonic time and timed waits.
 *
 * <p>Production code uses {@link #SYSTEM}; tests pass a fake that they advance, so schedule and
 * back-off logic is checked without sleeping. Every wait that a stop may end goes through
 * {@link #await(StopSignal, Duration)} rather than {@code Thread.sleep}.
 *
 * <p>Implementations are thread-safe.
 */
public interface Ticker {

    /** The system clock, {@code System.nanoTime} and real waits. */
    Ticker SYSTEM = new SystemTicker(Clock.systemDefaultZone());

    /** Wall time in nanoseconds since the epoch. */
    long epochNanos();

    /** Wall time in milliseconds since the epoch. */
    default long epochMillis() {
        return Math.floorDiv(epochNanos(), 1_000_000L);
    }

    /** Wall time as an instant. */
    default Instant now() {
        long n = epochNanos();
        return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
    }

    /** Monotonic time in nanoseconds, for measuring elapsed time and deadlines; no fixed origin. */
    long nanoTime();

    /**
     * Waits for {@code duration} to pass on this ticker, or for {@code stop} to be raised,
     * whichever comes first.
     *
     * @return true if {@code stop} was raised (before or during the wait)
     */
    boolean await(StopSignal stop, Duration duration) throws InterruptedException;

    /** Waits for {@code duration} to pass on this ticker; nothing ends it early but an interrupt. */
    default void sleep(Duration duration) throws InterruptedException {
        await(StopSignal.NEVER, duration);
    }

    /** This ticker's wall time as a {@link Clock}, for the java.time API (formatting, zones). */
    default Clock asClock() {
        Ticker self = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneId.systemDefault();
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return Clock.fixed(instant(), zone); // only used for formatting one instant
            }

            @Override
            public Instant instant() {
                return self.now();
            }
        };
    }

    /** Remaining nanoseconds until {@code deadlineNanos} (a {@link #nanoTime()} value), never negative. */
    default long remainingNanos(long deadlineNanos) {
        return Math.max(0, deadlineNanos - nanoTime());
    }
}
