package org.nsr.testing;

import java.util.ArrayList;
import java.util.List;
import org.nsr.replay.ReplayClock;

/** A replay clock that only moves when slept on; records every sleep. Single-threaded use. */
public final class FakeReplayClock implements ReplayClock {
    private long now = 1_000_000_000L;
    private final List<Long> sleeps = new ArrayList<>();
    private Runnable onSleep = () -> { };

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public boolean sleepNanos(long nanos) {
        onSleep.run();
        sleeps.add(nanos);
        now += nanos;
        return true;
    }

    /** Runs {@code action} at the start of every sleep, before time moves. */
    public void onSleep(Runnable action) {
        this.onSleep = action;
    }

    public void advance(long nanos) {
        now += nanos;
    }

    public List<Long> sleeps() {
        return sleeps;
    }
}
