package org.nsr.archive;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.nsr.lifecycle.AbstractService;
import org.nsr.metrics.Counter;
import org.nsr.sink.FileEvent;
import org.nsr.sink.FileEvents;
import org.nsr.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Retention} off the writer threads: writers call {@link #requestCheck()} at each
 * rotation, which never blocks, and one thread named {@code retention} applies the limits.
 *
 * <p>Why a thread of its own: one check lists and stats every recording file (about 0.2 to 0.4 s
 * for 43,200 archives, see bench/retention.sh), which a writer must not wait for. Requests that
 * arrive while a check is still waiting to run are merged into it, so n sources rotating at the
 * same moment cause one check, not n; a request arriving during a check causes one more check
 * after it, so no rotation goes unchecked.
 *
 * <p>A check that fails (directory unreadable) is logged at ERROR, counted in
 * {@code nsr_retention_failures_total}, and the next request checks again.
 *
 * <p>Every file a check deletes is announced as a {@link FileEvent.FileDeleted}.
 *
 * <p>Lifecycle: a service; starting requests a first check. Stopping (or {@link #close()}) lets
 * the check in flight and a pending one finish (up to 10 s, then interrupts them and logs a
 * WARN) and stops the thread. Requests after the stop are ignored.
 */
public final class RetentionChecker extends AbstractService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RetentionChecker.class);
    private static final long CLOSE_WAIT_SECONDS = 10;

    /** One retention pass; a seam so tests can hold a check in flight. */
    interface Check {
        List<Path> run() throws IOException;
    }

    private final Check check;
    private final String what;
    private final Counter failures;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ThreadPoolExecutor thread;
    private final FileEvents events;

    public RetentionChecker(Retention retention, Path dir, Metrics metrics, FileEvents events) {
        this(() -> retention.apply(dir), dir.toString(), metrics, events);
    }

    /** One check applies each of {@code retentions} in turn (the storage classes' own, and the recorder's). */
    public RetentionChecker(List<Retention> retentions, Path dir, Metrics metrics, FileEvents events) {
        this(() -> {
            List<Path> deleted = new java.util.ArrayList<>();
            for (Retention r : retentions) {
                deleted.addAll(r.apply(dir));
            }
            return deleted;
        }, dir.toString(), metrics, events);
    }

    RetentionChecker(Check check, String what, Metrics metrics) {
        this(check, what, metrics, new FileEvents());
    }

    RetentionChecker(Check check, String what, Metrics metrics, FileEvents events) {
        super("retention");
        this.events = events;
        this.check = check;
        this.what = what;
        this.failures = metrics.counter(Retention.FAILURES, Retention.FAILURES_HELP);
        // One thread, and at most one queued check: merging happens in requestCheck, so the queue never
        // overflows; the discard policy only applies after close, when requests are meant to be ignored.
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1), r -> {
            Thread t = new Thread(r, "retention");
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.DiscardPolicy());
    }

    /** Asks for a check soon. Cheap and non-blocking; merged with a check that has not started yet. */
    public void requestCheck() {
        if (pending.compareAndSet(false, true)) {
            thread.execute(this::runOnce);
        }
    }

    private void runOnce() {
        pending.set(false); // from here on, a new request schedules another check after this one
        try {
            for (Path deleted : check.run()) {
                events.publish(new FileEvent.FileDeleted(deleted));
            }
        } catch (IOException | RuntimeException e) {
            failures.increment();
            log.error("retention check of {} failed: {}; checking again at the next rotation", what, e.toString());
        }
    }

    @Override
    protected void doStart() {
        notifyStarted();
        requestCheck();
    }

    @Override
    protected void doStop() {
        Thread t = new Thread(() -> {
            close();
            notifyStopped();
        }, "retention-stop");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("retention check of {} still running after {}s; interrupting it", what, CLOSE_WAIT_SECONDS);
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
