package org.nsr.replay;

import java.time.Duration;
import org.nsr.core.StopSignal;

/**
 * The time source and sleeper that replay pacing and POST backoff use, injected so tests advance a
 * fake clock instead of sleeping. Implementations must be safe to call from one thread.
 */
public interface ReplayClock {

    /** A monotonic reading in nanoseconds (only differences matter). */
    long nanoTime();

    /**
     * Waits {@code nanos}, returning early when a stop is requested.
     *
     * @return false when the wait ended because of a stop request
     */
    boolean sleepNanos(long nanos) throws InterruptedException;

    /** The real clock; waits end early when {@code stop} is raised. */
    static ReplayClock system(StopSignal stop) {
        return new ReplayClock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public boolean sleepNanos(long nanos) throws InterruptedException {
                return !stop.await(Duration.ofNanos(nanos));
            }
        };
    }
}
