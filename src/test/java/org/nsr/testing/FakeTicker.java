package org.nsr.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.nsr.core.StopSignal;
import org.nsr.core.Ticker;

/**
 * A {@link Ticker} that moves only when a test says so. Waiters block until {@link #advance}
 * carries the fake time past their deadline, or until their stop signal is raised.
 *
 * <p>{@link #advancingOnAwait} makes one for single-threaded code under test (replay pacing, POST
 * back-off): each wait moves the time forward by its own length at once and is recorded in
 * {@link #waits()}, as if the wait had passed.
 */
public final class FakeTicker implements Ticker {
    private final Object lock = new Object();
    private final boolean advanceOnAwait;
    private final List<Long> waits = new ArrayList<>();
    private long epochNanos;
    private long monotonic;
    private int waiting;
    private Runnable onAwait = () -> { };

    public FakeTicker(Instant start) {
        this(start, false);
    }

    private FakeTicker(Instant start, boolean advanceOnAwait) {
        this.epochNanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
        this.advanceOnAwait = advanceOnAwait;
    }

    /** A ticker whose waits return at once, having moved the time forward by the wait. */
    public static FakeTicker advancingOnAwait(Instant start) {
        return new FakeTicker(start, true);
    }

    /** Runs {@code action} at the start of every wait of an {@link #advancingOnAwait} ticker, before time moves. */
    public void onAwait(Runnable action) {
        this.onAwait = action;
    }

    /** The length (ns) of every wait an {@link #advancingOnAwait} ticker has passed, in order. */
    public List<Long> waits() {
        synchronized (lock) {
            return List.copyOf(waits);
        }
    }

    /** Moves wall and monotonic time forward and wakes the waiters whose time has come. */
    public void advance(Duration d) {
        synchronized (lock) {
            epochNanos += d.toNanos();
            monotonic += d.toNanos();
            lock.notifyAll();
        }
    }

    /** Sets the wall clock alone (a clock step); monotonic time does not move. */
    public void setWall(Instant wall) {
        synchronized (lock) {
            epochNanos = wall.getEpochSecond() * 1_000_000_000L + wall.getNano();
            lock.notifyAll();
        }
    }

    /** How many threads are inside {@link #await} right now: lets a test wait until a loop is parked. */
    public int waiters() {
        synchronized (lock) {
            return waiting;
        }
    }

    /** Waits (really, up to 10 s) until at least {@code n} threads are parked in {@link #await}. */
    public void awaitWaiters(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        synchronized (lock) {
            while (waiting < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + n + " waiter(s) on the fake ticker, have " + waiting);
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    @Override
    public long epochNanos() {
        synchronized (lock) {
            return epochNanos;
        }
    }

    @Override
    public long nanoTime() {
        synchronized (lock) {
            return monotonic;
        }
    }

    @Override
    public boolean await(StopSignal stop, Duration duration) throws InterruptedException {
        if (advanceOnAwait) {
            if (stop.isRaised()) {
                return true;
            }
            onAwait.run();
            synchronized (lock) {
                waits.add(duration.toNanos());
                epochNanos += duration.toNanos();
                monotonic += duration.toNanos();
                lock.notifyAll();
            }
            return stop.isRaised();
        }
        synchronized (lock) {
            long until = monotonic + duration.toNanos();
            waiting++;
            lock.notifyAll();
            try {
                while (monotonic < until) {
                    if (stop.isRaised()) {
                        return true;
                    }
                    lock.wait(5); // a raised stop signal does not notify this lock: look again soon
                }
                return stop.isRaised();
            } finally {
                waiting--;
            }
        }
    }

    @Override
    public Clock asClock() {
        FakeTicker self = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneId.of("UTC");
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return Clock.fixed(instant(), zone);
            }

            @Override
            public Instant instant() {
                return self.now();
            }
        };
    }
}
