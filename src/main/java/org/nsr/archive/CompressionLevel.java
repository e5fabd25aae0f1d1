package org.nsr.archive;

import java.time.Duration;
import org.nsr.core.Ticker;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deflate level each archive starts with: fixed, or automatic ({@code compression.level: auto}).
 *
 * <p>Automatic: the level steps down by one (to {@link #FLOOR}) when files wait for a worker —
 * the backlog is larger than the number of workers — at most once per {@link #DOWN_HOLD}, and
 * steps back up by one (to {@link #CEILING}) once a worker has been idle at an observation and
 * {@link #UP_HOLD} has passed since the last change. Recording then pays in ratio, not in memory,
 * back-pressure or stop time. At stop it drops to the floor so the last files drain fast. Every
 * change is logged and counted ({@code nsr_compression_level_changes_total}); the current level is
 * the gauge {@code nsr_compression_level}. Times come from the ticker. Thread-safe.
 */
final class CompressionLevel {
    private static final Logger log = LoggerFactory.getLogger(CompressionLevel.class);

    static final int FLOOR = 1;
    /** The fixed default's level: where auto starts and what it returns to when it keeps up. */
    static final int CEILING = 4;
    static final Duration DOWN_HOLD = Duration.ofSeconds(2);
    static final Duration UP_HOLD = Duration.ofSeconds(30);

    private final boolean auto;
    private final int workers;
    private final Ticker ticker;
    private final Counter down;
    private final Counter up;
    private int level;
    private long lastChange;

    private CompressionLevel(boolean auto, int level, int workers, Ticker ticker, Metrics metrics) {
        this.auto = auto;
        this.level = level;
        this.workers = workers;
        this.ticker = ticker;
        this.lastChange = ticker.nanoTime();
        this.down = metrics.counter("nsr_compression_level_changes_total", "Automatic deflate level changes",
                "direction", "down");
        this.up = metrics.counter("nsr_compression_level_changes_total", "Automatic deflate level changes",
                "direction", "up");
        metrics.gauge("nsr_compression_level", "Deflate level the next archive starts with", this::current);
    }

    static CompressionLevel fixed(int level, Ticker ticker, Metrics metrics) {
        return new CompressionLevel(false, level, 1, ticker, metrics);
    }

    static CompressionLevel auto(int workers, Ticker ticker, Metrics metrics) {
        return new CompressionLevel(true, CEILING, workers, ticker, metrics);
    }

    boolean isAuto() {
        return auto;
    }

    synchronized int current() {
        return level;
    }

    /** Called with the backlog (files waiting or in work) whenever a file is queued or finished. */
    synchronized void observe(int backlog) {
        if (!auto) {
            return;
        }
        long sinceChange = ticker.nanoTime() - lastChange;
        if (backlog > workers && level > FLOOR && sinceChange >= DOWN_HOLD.toNanos()) {
            change(level - 1, backlog + " files waiting or in work for " + workers + " workers");
            down.increment();
        } else if (backlog < workers && level < CEILING && sinceChange >= UP_HOLD.toNanos()) {
            change(level + 1, "a worker is idle (backlog " + backlog + ") and " + UP_HOLD.toSeconds()
                    + " s passed since the last change");
            up.increment();
        }
    }

    /** Stop: no more files come, the rest drains at the fastest level. */
    synchronized void draining() {
        if (auto && level > FLOOR) {
            change(FLOOR, "stopping: the remaining files drain at the fastest level");
            down.increment();
        }
    }

    private void change(int to, String why) {
        log.info("compression level {} -> {}: {}", level, to, why);
        level = to;
        lastChange = ticker.nanoTime();
    }
}
