package org.nsr.index;

/**
 * A time interval in which a key was active, and the recording file it lies in (its name without
 * stage suffix, {@code <stamp>_<source>}). Bounds are epoch nanoseconds, both inclusive.
 */
public record Interval(long startNanos, long endNanos, String archive) implements Comparable<Interval> {

    public boolean overlaps(long fromNanos, long toNanos) {
        return endNanos >= fromNanos && startNanos <= toNanos;
    }

    @Override
    public int compareTo(Interval o) {
        int c = Long.compare(startNanos, o.startNanos);
        if (c != 0) {
            return c;
        }
        c = Long.compare(endNanos, o.endNanos);
        return c != 0 ? c : archive.compareTo(o.archive);
    }
}
