package org.nsr.ui;

/**
 * Which share of the records the flow analysis should be handed so that it needs about
 * {@value #AIM} of its CPU budget. Once a second it takes the thread's CPU per analysed record
 * (the fixed cost of its passes included, so it errs low) times the records the sources offered
 * per second: that is what analysing all of them would cost, and the share is the budget's part of
 * it. Handing the thread only that share is what spares the recording the copy of records the
 * {@link CpuBudget} would skip anyway; the budget still bounds the thread whatever this guesses.
 *
 * <p>Pure arithmetic on the readings it is given (tests hand in made-up clocks). Not thread-safe:
 * the analysis thread alone calls it.
 */
final class SampleRate {
    static final double AIM = 0.8;
    /** Some records always reach the detector and the page, and the cost stays measurable. */
    static final double MIN_KEEP = 1.0 / 1024;
    private static final long PERIOD_NANOS = 1_000_000_000L;

    private final double cpuPerWall;
    private double keep = 1;
    private long lastWall = Long.MIN_VALUE;
    private long lastCpu;
    private long lastAnalysed;
    private long lastSeen;

    /** @param cpuPerWall the budget: CPU nanoseconds the thread may use per wall nanosecond */
    SampleRate(double cpuPerWall) {
        this.cpuPerWall = cpuPerWall;
    }

    /**
     * @param wallNanos a monotonic clock
     * @param cpuNanos the analysis thread's CPU time
     * @param analysed records analysed so far
     * @param seen records the sources offered so far
     * @return the share of records to hand the thread, from {@link #MIN_KEEP} to 1
     */
    double update(long wallNanos, long cpuNanos, long analysed, long seen) {
        if (lastWall == Long.MIN_VALUE) {
            remember(wallNanos, cpuNanos, analysed, seen);
            return keep;
        }
        long wall = wallNanos - lastWall;
        if (wall < PERIOD_NANOS) {
            return keep;
        }
        long cpu = cpuNanos - lastCpu;
        long read = analysed - lastAnalysed;
        long offered = seen - lastSeen;
        if (read > 0 && offered > 0) {
            double all = (double) cpu / read * offered / wall; // CPU per wall ns to analyse every record
            keep = all <= 0 ? 1 : Math.max(MIN_KEEP, Math.min(1, AIM * cpuPerWall / all));
        } else if (offered > 0) {
            // nothing read: over the budget (the thread skipped what it had) narrows, a sample too thin widens
            keep = (double) cpu / wall > cpuPerWall ? Math.max(MIN_KEEP, keep / 2) : Math.min(1, keep * 2);
        }
        remember(wallNanos, cpuNanos, analysed, seen);
        return keep;
    }

    private void remember(long wallNanos, long cpuNanos, long analysed, long seen) {
        lastWall = wallNanos;
        lastCpu = cpuNanos;
        lastAnalysed = analysed;
        lastSeen = seen;
    }
}
