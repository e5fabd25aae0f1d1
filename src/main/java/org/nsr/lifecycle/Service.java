package org.nsr.lifecycle;

import java.time.Duration;

/**
 * The one lifecycle of every long-lived component (sources, writers, compression, retention,
 * HTTP endpoints, timers), modelled on Guava's {@code Service}.
 *
 * <p>States move only forward: NEW → STARTING → RUNNING → STOPPING → TERMINATED, and from
 * STARTING, RUNNING or STOPPING to FAILED with a cause. Method names say whether they block:
 * {@code startAsync()} and {@code stopAsync()} return at once; {@code awaitRunning()} and
 * {@code awaitTerminated(timeout)} wait.
 *
 * <p>Threading: every method may be called from any thread. Listeners run on the thread that
 * made the transition and must not block.
 */
public interface Service {

    enum State {
        NEW, STARTING, RUNNING, STOPPING, TERMINATED, FAILED;

        /** True for TERMINATED and FAILED: the service will not change again. */
        public boolean isFinal() {
            return this == TERMINATED || this == FAILED;
        }
    }

    /** Told of every transition; runs on the transitioning thread and must not block. */
    @FunctionalInterface
    interface Listener {
        void stateChanged(Service service, State from, State to, Throwable cause);
    }

    /** A short name for logs and /health: {@code "writer flowinfo"}, {@code "metrics endpoint"}. */
    String serviceName();

    State state();

    /** Why the service FAILED, or null. */
    Throwable failureCause();

    /** Begins starting if NEW; otherwise does nothing. Returns this. */
    Service startAsync();

    /**
     * Waits until RUNNING.
     *
     * @throws IllegalStateException if the service FAILED or stopped before reaching RUNNING
     */
    void awaitRunning() throws InterruptedException;

    /** Begins stopping: a NEW service goes straight to TERMINATED; a final one is left as it is. Returns this. */
    Service stopAsync();

    /**
     * Waits up to {@code timeout} for TERMINATED or FAILED.
     *
     * @return true if the service reached a final state in time
     */
    boolean awaitTerminated(Duration timeout) throws InterruptedException;

    void addListener(Listener listener);
}
