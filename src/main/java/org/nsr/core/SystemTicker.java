package org.nsr.core;

import java.time.Clock;
import java.time.Duration;

/** {@link Ticker} on a real {@link Clock} and {@code System.nanoTime}; waits on the stop signal's latch. */
public final class SystemTicker implements Ticker {
    private final Clock clock;

    public SystemTicker(Clock clock) {
        this.clock = clock;
    }

    @Override
    public long epochNanos() {
        var i = clock.instant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Override
    public long epochMillis() {
        return clock.millis();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public boolean await(StopSignal stop, Duration duration) throws InterruptedException {
        return stop.await(duration);
    }

    @Override
    public Clock asClock() {
        return clock;
    }
}
