package org.nsr.detect;

/**
 * The volume-spike rule's adaptive baseline: the bytes of each whole second against the mean and
 * standard deviation of the recent {@code seconds} non-spike seconds (a ring, so memory is fixed).
 * Spike seconds are left out of the baseline, so a long attack does not teach it that floods are normal.
 * Not thread-safe: the detector calls it under its lock.
 */
final class VolumeBaseline {
    private final double[] ring;
    private final double sigmas;
    private final long minBytes;
    private int filled;
    private int next;
    private double sum;
    private double sumSquares;
    private long currentSecond = Long.MIN_VALUE;
    private long currentBytes;
    private long lastBytes;

    VolumeBaseline(int seconds, double sigmas, long minBytes) {
        this.ring = new double[Math.max(10, seconds)];
        this.sigmas = sigmas;
        this.minBytes = minBytes;
    }

    void add(long second, long bytes) {
        if (second > currentSecond) {
            currentSecond = second;
            currentBytes = 0;
        }
        currentBytes += bytes; // a row up to a second late counts with the current second
    }

    long lastBytes() {
        return lastBytes;
    }

    /**
     * Ends second {@code second}: its bytes against the baseline.
     *
     * @return the threshold it crossed, or NaN when it is no spike (or the baseline has under a minute)
     */
    double closeSecond(long second) {
        if (second != currentSecond) {
            return Double.NaN;
        }
        double x = currentBytes;
        lastBytes = currentBytes;
        currentBytes = 0;
        currentSecond = Long.MIN_VALUE;
        if (filled >= 60) {
            double mean = sum / filled;
            double sd = Math.sqrt(Math.max(0, sumSquares / filled - mean * mean));
            double threshold = Math.max(minBytes, mean + sigmas * Math.max(sd, mean * 0.05));
            if (x > threshold) {
                return threshold;
            }
        }
        if (filled == ring.length) {
            double old = ring[next];
            sum -= old;
            sumSquares -= old * old;
        } else {
            filled++;
        }
        ring[next] = x;
        sum += x;
        sumSquares += x * x;
        next = (next + 1) % ring.length;
        return Double.NaN;
    }
}
