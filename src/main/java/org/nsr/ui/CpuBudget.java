package org.nsr.ui;

/**
 * The flow analysis's CPU budget: a token bucket of CPU nanoseconds that fills at {@code share} of
 * the machine (share × processors CPU-ns per wall-ns) and holds at most one second of that. Before
 * each batch the analysis thread hands in its wall clock and its own CPU time; all the CPU it used
 * since the last call (analysing, skipping, waiting for the queue) is taken out, and the batch is
 * analysed only while the bucket is not empty. So the thread can never use more than its share for
 * longer than the one-second burst, whatever the record rate; what it skips it counts.
 *
 * <p>Pure arithmetic on the readings it is given (tests hand in made-up clocks). Not thread-safe:
 * the analysis thread alone calls it.
 */
final class CpuBudget {
    private final double cpuPerWall;
    private final double burst;
    private double allowance;
    private long lastWall = Long.MIN_VALUE;
    private long lastCpu;

    /**
     * @param share of the whole machine, 0 to 1 (0.02 is 2 %)
     * @param processors the machine's processors
     */
    CpuBudget(double share, int processors) {
        if (!(share > 0 && share <= 1) || processors < 1) {
            throw new IllegalArgumentException("cpu budget " + share + " of " + processors
                    + " processors: expected a share above 0 and at most 1");
        }
        this.cpuPerWall = share * processors;
        this.burst = cpuPerWall * 1e9;
    }

    /** CPU nanoseconds per wall second the budget allows. */
    double cpuNanosPerSecond() {
        return burst;
    }

    /**
     * Charges the CPU used since the last call and says whether the next batch may be analysed.
     *
     * @param wallNanos a monotonic clock
     * @param cpuNanos the calling thread's CPU time
     */
    boolean allow(long wallNanos, long cpuNanos) {
        if (lastWall == Long.MIN_VALUE) {
            allowance = burst;
        } else {
            allowance = Math.min(burst, allowance + (wallNanos - lastWall) * cpuPerWall - (cpuNanos - lastCpu));
        }
        lastWall = wallNanos;
        lastCpu = cpuNanos;
        return allowance > 0;
    }
}
