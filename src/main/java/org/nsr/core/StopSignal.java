package org.nsr.core;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A one-way "please stop" flag that can also be waited on. Loops wait on it instead of sleeping,
 * so a stop request ends a wait at once rather than after the next tick.
 */
public final class StopSignal {
    /** A signal that is never raised: for waits that only time or an interrupt may end. */
    public static final StopSignal NEVER = new StopSignal();

    private final CountDownLatch raised = new CountDownLatch(1);

    public void raise() {
        if (this == NEVER) {
            throw new IllegalStateException("StopSignal.NEVER cannot be raised");
        }
        raised.countDown();
    }

    public boolean isRaised() {
        return raised.getCount() == 0;
    }

    /**
     * Waits up to {@code timeout} for the signal.
     *
     * @return true if the signal was raised (now or during the wait)
     */
    public boolean await(Duration timeout) throws InterruptedException {
        if (timeout.isNegative() || timeout.isZero()) {
            return isRaised();
        }
        return raised.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    public void awaitForever() throws InterruptedException {
        raised.await();
    }
}
