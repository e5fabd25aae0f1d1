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
 */
public record ProduceSummary(long sent, long badRows, List<String> firstBadRows, String badRowsText,
        long badTimestamps, long retries, long resent, long elapsedNanos, long delayNanos) {

    /** Records per second over the time not spent in deliberate delay. */
    public double rateExcludingDelay() {
        long busy = Math.max(1, elapsedNanos - delayNanos);
        return sent * 1e9 / busy;
    }
}
