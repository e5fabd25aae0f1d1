package org.nsr.write;

import java.io.IOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.nsr.core.StopSignal;
import org.nsr.core.Ticker;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A writer's streak of failed writes: counts and logs each failure, pauses before the retry (on
 * the ticker), and knows since when writing has failed and why, for /health. While the writer is
 * stopping it gives up after a few attempts ({@link CannotWriteAtStop}) instead of retrying
 * until the stop's deadline. Used by the writer's thread only; the streak may be read from any.
 */
final class WriteRetry {
    private static final Logger log = LoggerFactory.getLogger(WriteRetry.class);
    /** Failed attempts a stopping writer makes before it rescues what it holds. */
    private static final int ATTEMPTS_WHILE_STOPPING = 3;

    /** Writing failed while stopping: the writer gives up on the output directory. */
    static final class CannotWriteAtStop extends RuntimeException {
        CannotWriteAtStop(String what, IOException cause) {
            super("cannot " + what + ": " + cause, cause);
        }
    }

    private final String source;
    private final Duration pause;
    private final Ticker ticker;
    private final BooleanSupplier stopping;
    private final Counter ioErrors;
    private int failuresWhileStopping;
    /** Monotonic time of the first error of the current streak, 0 while writing works. */
    private volatile long failingSinceNanos;
    private volatile String lastError;

    WriteRetry(String source, Duration pause, Ticker ticker, BooleanSupplier stopping, Metrics metrics) {
        this.source = source;
        this.pause = pause;
        this.ticker = ticker;
        this.stopping = stopping;
        this.ioErrors = metrics.counter("nsr_writer_io_errors_total", "Failed write attempts (retried)",
                "source", source);
    }

    /**
     * One failed attempt: counted and logged; {@code repair} runs (a deleted directory is made
     * again), then the pause before the retry.
     *
     * @throws CannotWriteAtStop when stopping and the attempts are used up
     */
    void failed(String what, IOException e, Runnable repair) throws InterruptedException {
        ioErrors.increment();
        lastError = "cannot " + what + ": " + e;
        if (failingSinceNanos == 0) {
            long now = ticker.nanoTime();
            failingSinceNanos = now == 0 ? 1 : now;
        }
        if (stopping.getAsBoolean() && ++failuresWhileStopping >= ATTEMPTS_WHILE_STOPPING) {
            throw new CannotWriteAtStop(what, e); // stopping: rescue now rather than retry until the deadline
        }
        log.error("{}: cannot {}: {}; records wait in the queue, retrying in {} ms", source, what, e, pause.toMillis());
        repair.run();
        ticker.await(StopSignal.NEVER, pause); // back-off before retrying a failing disk
    }

    /** One attempt at a file operation; an {@link IOException} is a failure to retry. */
    @FunctionalInterface
    interface Attempt {
        void run() throws IOException;
    }

    /**
     * Runs {@code attempt} until it works, each failure handled as {@link #failed} does.
     *
     * @param what what the attempt does, for the log (made only when it fails)
     */
    void untilDone(Supplier<String> what, Attempt attempt, Runnable repair) throws InterruptedException {
        while (true) {
            try {
                attempt.run();
                worked();
                return;
            } catch (IOException e) {
                failed(what.get(), e, repair);
            }
        }
    }

    void worked() {
        if (failingSinceNanos != 0) {
            failingSinceNanos = 0;
            log.info("{}: writing works again", source);
        }
    }

    long failingForNanos() {
        long since = failingSinceNanos;
        return since == 0 ? 0 : Math.max(0, ticker.nanoTime() - since);
    }

    String lastError() {
        return failingSinceNanos == 0 ? null : lastError;
    }
}
