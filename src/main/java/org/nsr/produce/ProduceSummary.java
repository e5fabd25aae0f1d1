package org.nsr.produce;

import java.util.List;

/**
 * The outcome of a produce run.
 *
 * @param sent entries Redis acknowledged
 * @param badRows rows skipped as unreadable; {@code firstBadRows} names the first ten
 * @param badTimestamps rows whose timestamp cell was empty or not a time (sent with the time of sending)
 * @param retries failed round trips that were retried
 * @param resent entries sent again in a retried batch: the only possible duplicates
 * @param elapsedNanos wall time of the run; {@code delayNanos} of it was deliberate pause
 * @param cpu CPU time this process spent during the run
 */
public record ProduceSummary(long sent, long badRows, List<String> firstBadRows, String badRowsText,
        long badTimestamps, long retries, long resent, long elapsedNanos, long delayNanos, Cpu cpu) {

    /**
     * CPU time in nanoseconds, -1 where the JVM cannot tell: the whole process (with the JIT
     * compiler and the garbage collector), the thread that reads and encodes the CSV, and the
     * thread that sends the batches (0 when paced: the reading thread sends).
     */
    public record Cpu(long processNanos, long readerNanos, long senderNanos) {
        /** Microseconds of process CPU per record, or -1. */
        public double processMicrosPerRecord(long records) {
            return processNanos < 0 || records == 0 ? -1 : processNanos / 1e3 / records;
        }
    }

    /** Records per second over the time not spent in deliberate delay. */
    public double rateExcludingDelay() {
        long busy = Math.max(1, elapsedNanos - delayNanos);
        return sent * 1e9 / busy;
    }
}
