package org.nsr.replay.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds holes in a poll source's cadence: the interval is inferred as the median spacing between
 * consecutive record times, and every spacing larger than twice that is a gap. Needs at least three
 * records. Holds one long per record, so it is only fed poll sources (a few per second at most).
 */
public final class CadenceCheck {
    private long[] times = new long[1024];
    private int size;

    /** One gap: the record times either side of it, in epoch nanoseconds. */
    public record Gap(long afterNanos, long beforeNanos) {
        public long lengthNanos() {
            return beforeNanos - afterNanos;
        }
    }

    public void add(long nanos) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
        }
        times[size++] = nanos;
    }

    /** The inferred interval in nanoseconds, or -1 with fewer than three records. */
    public long medianIntervalNanos() {
        if (size < 3) {
            return -1;
        }
        long[] sorted = Arrays.copyOf(times, size);
        Arrays.sort(sorted);
        long[] spacing = new long[size - 1];
        for (int i = 1; i < size; i++) {
            spacing[i - 1] = sorted[i] - sorted[i - 1];
        }
        Arrays.sort(spacing);
        int n = spacing.length;
        return n % 2 == 1 ? spacing[n / 2] : (spacing[n / 2 - 1] + spacing[n / 2]) / 2;
    }

    public List<Gap> gaps() {
        long interval = medianIntervalNanos();
        List<Gap> gaps = new ArrayList<>();
        if (interval <= 0) {
            return gaps;
        }
        long[] sorted = Arrays.copyOf(times, size);
        Arrays.sort(sorted);
        for (int i = 1; i < size; i++) {
            if (sorted[i] - sorted[i - 1] > 2 * interval) {
                gaps.add(new Gap(sorted[i - 1], sorted[i]));
            }
        }
        return gaps;
    }
}
