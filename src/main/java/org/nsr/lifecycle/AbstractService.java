package org.nsr.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine of {@link Service}; subclasses say how to start and stop.
 *
 * <p>{@link #doStart()} runs on the thread that called {@code startAsync()} and must not block
 * for long: it starts threads or binds sockets, then calls {@link #notifyStarted()} (now or later,
 * from any thread). {@link #doStop()} likewise begins the stop and arranges for
 * {@link #notifyStopped()}. Either may call {@link #notifyFailed(Throwable)} instead. A
 * {@code doStart} that throws fails the service with that cause.
 */
public abstract class AbstractService implements Service {
    private static final Logger log = LoggerFactory.getLogger(AbstractService.class);

    private final String name;
    private final Object lock = new Object();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private State state = State.NEW;
    private Throwable cause;
    /** stopAsync came while STARTING: stop as soon as the start completes. */
    private boolean stopRequested;

    protected AbstractService(String name) {
        this.name = name;
    }

    /** Begins starting; calls {@link #notifyStarted()} when running. */
    protected abstract void doStart() throws Exception;

    /** Begins stopping; calls {@link #notifyStopped()} when done. */
    protected abstract void doStop() throws Exception;

    @Override
    public final String serviceName() {
        return name;
    }

    @Override
    public final State state() {
        synchronized (lock) {
            return state;
        }
    }

    @Override
    public final Throwable failureCause() {
        synchronized (lock) {
            return cause;
        }
    }

    @Override
    public final Service startAsync() {
        if (!transition(State.NEW, State.STARTING)) {
            return this;
        }
        try {
            doStart();
        } catch (Exception | Error e) {
            notifyFailed(e);
        }
        return this;
    }

    @Override
    public final Service stopAsync() {
        boolean callStop;
        synchronized (lock) {
            switch (state) {
                case NEW -> {
                    setState(State.TERMINATED, null);
                    return this;
                }
                case STARTING -> {
                    stopRequested = true;
                    return this;
                }
                case RUNNING -> {
                    callStop = true;
                }
                default -> {
                    return this;
                }
            }
        }
        if (callStop && transition(State.RUNNING, State.STOPPING)) {
            runStop();
        }
        return this;
    }

    private void runStop() {
        try {
            doStop();
        } catch (Exception | Error e) {
            notifyFailed(e);
        }
    }

    /** Called by the subclass once it is running. */
    protected final void notifyStarted() {
        boolean stopNow;
        synchronized (lock) {
            if (state != State.STARTING) {
                return; // failed meanwhile
            }
            stopNow = stopRequested;
        }
        transition(State.STARTING, State.RUNNING);
        if (stopNow && transition(State.RUNNING, State.STOPPING)) {
            runStop();
        }
    }

    /** Called by the subclass once it has stopped. */
    protected final void notifyStopped() {
        synchronized (lock) {
            if (state.isFinal()) {
                return;
            }
        }
        // A service that ends by itself while RUNNING (its work ran out) also terminates.
        if (!transition(State.STOPPING, State.TERMINATED)) {
            transition(State.RUNNING, State.TERMINATED);
        }
    }

    /** Called by the subclass when it cannot go on; the cause is kept and logged by whoever watches. */
    protected final void notifyFailed(Throwable failure) {
        State from;
        synchronized (lock) {
            if (state.isFinal()) {
                log.debug("{}: failure after it ended, ignored", name, failure);
                return;
            }
            from = state;
            cause = failure;
            setState(State.FAILED, failure);
        }
        fire(from, State.FAILED, failure);
    }

    /** True while the service should keep working: STARTING or RUNNING. */
    protected final boolean isStarting() {
        return state() == State.STARTING;
    }

    @Override
    public final void awaitRunning() throws InterruptedException {
        synchronized (lock) {
            while (state == State.NEW || state == State.STARTING) {
                lock.wait();
            }
            if (state != State.RUNNING) {
                throw new IllegalStateException(name + " did not start: it is " + state
                        + (cause == null ? "" : " (" + cause + ")"), cause);
            }
        }
    }

    @Override
    public final boolean awaitTerminated(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!state.isFinal()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    @Override
    public final void addListener(Listener listener) {
        listeners.add(listener);
    }

    private boolean transition(State from, State to) {
        synchronized (lock) {
            if (state != from) {
                return false;
            }
            setState(to, null);
        }
        fire(from, to, null);
        return true;
    }

    private void setState(State to, Throwable failure) {
        state = to;
        lock.notifyAll();
    }

    private void fire(State from, State to, Throwable failure) {
        for (Listener l : listeners) {
            try {
                l.stateChanged(this, from, to, failure);
            } catch (RuntimeException e) {
                log.warn("{}: a state listener failed on {} -> {}", name, from, to, e);
            }
        }
    }

    @Override
    public String toString() {
        return name + " [" + state() + "]";
    }
}
