package org.nsr.replay;

/**
 * A half-open range of record times {@code [fromNanos, toNanos)} in epoch nanoseconds: {@code --from}
 * is inclusive and {@code --to} exclusive, so consecutive ranges tile without overlap.
 */
public record TimeRange(long fromNanos, long toNanos) {
    public static final TimeRange ALL = new TimeRange(Long.MIN_VALUE, Long.MAX_VALUE);

    public boolean contains(long nanos) {
        return nanos >= fromNanos && nanos < toNanos;
    }

    public boolean hasFrom() {
        return fromNanos != Long.MIN_VALUE;
    }

    public boolean hasTo() {
        return toNanos != Long.MAX_VALUE;
    }
}
