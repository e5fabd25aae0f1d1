package org.nsr.archive;

import java.time.Duration;
import org.nsr.core.Ticker;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deflate level of the next block to compress: fixed, or automatic ({@code compression.level: auto}).
 *
 * <p>Automatic: the level steps down by one (to {@link #FLOOR}, level 0: stored blocks, still a
 * standard zip) when files wait for a worker — the backlog is larger than the number of workers —
 * at most once per {@link #DOWN_HOLD}, and steps back up by one (to {@link #CEILING}) once a worker
 * has been idle at an observation and {@link #UP_HOLD} has passed since the last change. The level is
 * read per block, so a change reaches the files already in work at their next block. Recording then
 * pays in ratio, not in memory, back-pressure or stop time.
 *
 * <p>At stop ({@link #draining}) the rest drains at the best level that its estimate says finishes
 * within {@link #DRAIN_BUDGET}: CPU time from the measured cost of each level's blocks on this
 * machine, disk time from its measured ratio and the measured archive sync rate; the level then
 * stays. Every change is logged and counted ({@code nsr_compression_level_changes_total}); the
 * current level is the gauge {@code nsr_compression_level}. Times come from the ticker. Thread-safe.
 */
final class CompressionLevel {
    private static final Logger log = LoggerFactory.getLogger(CompressionLevel.class);

    /** Auto's last step: stored blocks, when even level 1 falls behind. */
    static final int FLOOR = 0;
    /** The fixed default's level: where auto starts and what it returns to when it keeps up. */
    static final int CEILING = 4;
    static final Duration DOWN_HOLD = Duration.ofSeconds(2);
    static final Duration UP_HOLD = Duration.ofSeconds(30);
    /** What the drain at stop may take, leaving the rest of a 10 s SIGTERM target for the other stages. */
    static final Duration DRAIN_BUDGET = Duration.ofSeconds(5);

    private final boolean auto;
    private final int workers;
    private final Ticker ticker;
    private final Counter down;
    private final Counter up;
    private final LevelCosts costs;
    private int level;
    private long lastChange;
    private boolean draining;

    private CompressionLevel(boolean auto, int level, int workers, Ticker ticker, Metrics metrics) {
        this.auto = auto;
        this.level = level;
        this.workers = workers;
        this.ticker = ticker;
        this.lastChange = ticker.nanoTime();
        this.costs = new LevelCosts(metrics);
        this.down = metrics.counter("nsr_compression_level_changes_total", "Automatic deflate level changes",
                "direction", "down");
        this.up = metrics.counter("nsr_compression_level_changes_total", "Automatic deflate level changes",
                "direction", "up");
        metrics.gauge("nsr_compression_level", "Deflate level the next block is compressed at", this::current);
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

    /** What each level's blocks cost here: fed by the deflater, read by the drain at stop. */
    LevelCosts costs() {
        return costs;
    }

    /** Called with the backlog (files waiting or in work) whenever a file is queued or finished. */
    synchronized void observe(int backlog) {
        if (!auto || draining) {
            return;
        }
        long sinceChange = ticker.nanoTime() - lastChange;
        if (backlog > workers && level > FLOOR && sinceChange >= DOWN_HOLD.toNanos()) {
            change(level - 1, backlog + " files waiting or in work for " + workers + " workers"
                    + (level == 1 ? "; stored blocks until it drains" : ""));
            down.increment();
        } else if (backlog < workers && level < CEILING && sinceChange >= UP_HOLD.toNanos()) {
            change(level + 1, "a worker is idle (backlog " + backlog + ") and " + UP_HOLD.toSeconds()
                    + " s passed since the last change");
            up.increment();
        }
    }

    /**
     * Stop: no more files come; {@code rawBytes} are left to compress on {@code threads} threads. An
     * automatic level drops to the best level whose estimate fits {@link #DRAIN_BUDGET} (or the
     * quickest one if none does) and stays there; a fixed level is left alone.
     */
    synchronized void draining(long rawBytes, int threads) {
        if (!auto || draining) {
            return;
        }
        draining = true;
        int to = costs.drainLevel(rawBytes, threads, Math.min(level, CEILING), DRAIN_BUDGET.toNanos());
        if (to < level) { // never above the level it runs at: the estimates are estimates
            change(to, String.format("stopping: %d MB left drain in an estimated %.1f s at level %d", rawBytes >> 20,
                    costs.estimateNanos(to, rawBytes, threads) / 1e9, to));
            down.increment();
        } else {
            log.info("compression level stays {} at stop: {} MB left drain in an estimated {} s", level,
                    rawBytes >> 20, String.format("%.1f", costs.estimateNanos(level, rawBytes, threads) / 1e9));
        }
    }

    private void change(int to, String why) {
        log.info("compression level {} -> {}: {}", level, to, why);
        level = to;
        lastChange = ticker.nanoTime();
    }
}
