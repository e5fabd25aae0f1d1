package org.nsr.replay.query;

/**
 * One aggregation group: the hour (epoch hour, UTC, or {@link #ALL} when not grouped by hour), the
 * flow ends (0 when not grouped by flow) and the protocol ({@link #ALL} when not grouped by it).
 */
public record GroupKey(long hour, int src, int dst, int protocol) {
    public static final int ALL = -1;
    /** The group that collects flows once {@code --max-groups} is reached. */
    public static final GroupKey OVERFLOW = new GroupKey(Long.MIN_VALUE, 0, 0, Integer.MIN_VALUE);

    public boolean isOverflow() {
        return equals(OVERFLOW);
    }
}
