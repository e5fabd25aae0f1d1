package org.nsr.lifecycle;

/**
 * A {@link Service} that does its work on one thread of its own, like Guava's
 * {@code AbstractExecutionThreadService}: {@link #startUp()}, then {@link #run()} until it
 * returns, then {@link #shutDown()}. The service is RUNNING once {@code startUp} returned and
 * TERMINATED once {@code shutDown} returned; anything they throw FAILS it with that cause.
 *
 * <p>{@link #run()} must return soon after {@link #triggerShutdown()} (called on the stopping
 * thread, must not block). The thread is named after the service and is not a daemon, so a
 * stop that drains is never cut short by the JVM.
 */
public abstract class AbstractExecutionThreadService extends AbstractService {
    private volatile Thread thread;

    protected AbstractExecutionThreadService(String name) {
        super(name);
    }

    /** Runs on the service's thread before it counts as RUNNING. */
    protected void startUp() throws Exception {
    }

    /** The service's work; returns when told to stop, or when the work is done. */
    protected abstract void run() throws Exception;

    /** Runs on the service's thread after {@link #run()} returned. */
    protected void shutDown() throws Exception {
    }

    /** Asks {@link #run()} to return; must not block. */
    protected abstract void triggerShutdown();

    @Override
    protected final void doStart() {
        Thread t = new Thread(this::body, threadName());
        thread = t;
        t.start();
    }

    /** The thread's name; the service name unless a subclass says otherwise. */
    protected String threadName() {
        return serviceName().replace(' ', '-');
    }

    private void body() {
        try {
            startUp();
            notifyStarted();
            try {
                run();
            } finally {
                shutDown();
            }
            notifyStopped();
        } catch (Throwable t) {
            notifyFailed(t);
        }
    }

    @Override
    protected final void doStop() {
        triggerShutdown();
    }

    /** Interrupts the service's thread: for a stop that gave up waiting. */
    protected final void interruptThread() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
