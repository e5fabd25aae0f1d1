package org.nsr.index;

import java.util.ArrayList;
import java.util.List;

/**
 * The activity intervals of one key within one recording file, built from flow times: a gap
 * longer than the inactivity timeout starts a new interval. Times may come a little out of order
 * (late records): the list is sorted and coalesced when it is read. Not thread-safe.
 */
final class IntervalList {
    private long[] bounds = new long[2]; // start0, end0, start1, end1, ...
    private int n;

    IntervalList(long t) {
        bounds[0] = t;
        bounds[1] = t;
        n = 1;
    }

    void add(long t, long timeoutNanos) {
        int last = 2 * (n - 1);
        if (t >= bounds[last] - timeoutNanos && t <= bounds[last + 1] + timeoutNanos) {
            bounds[last] = Math.min(bounds[last], t);
            bounds[last + 1] = Math.max(bounds[last + 1], t);
            return;
        }
        if (2 * n == bounds.length) {
            bounds = java.util.Arrays.copyOf(bounds, bounds.length * 2);
        }
        bounds[2 * n] = t;
        bounds[2 * n + 1] = t;
        n++;
    }

    /** The intervals, sorted, with those closer than the timeout joined. */
    List<Interval> seal(String archive, long timeoutNanos) {
        List<Interval> raw = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            raw.add(new Interval(bounds[2 * i], bounds[2 * i + 1], archive));
        }
        return coalesce(raw, timeoutNanos);
    }

    /** Sorts and joins intervals of the same file that overlap or lie closer than {@code gapNanos}. */
    static List<Interval> coalesce(List<Interval> in, long gapNanos) {
        List<Interval> sorted = new ArrayList<>(in);
        sorted.sort(null);
        List<Interval> out = new ArrayList<>(sorted.size());
        for (Interval iv : sorted) {
            Interval joined = null;
            for (int j = out.size() - 1; j >= 0; j--) {
                Interval prev = out.get(j);
                if (prev.archive().equals(iv.archive())) {
                    if (iv.startNanos() <= prev.endNanos() + gapNanos) {
                        joined = new Interval(prev.startNanos(), Math.max(prev.endNanos(), iv.endNanos()), iv.archive());
                        out.set(j, joined);
                    }
                    break;
                }
            }
            if (joined == null) {
                out.add(iv);
            }
        }
        return out;
    }
}
