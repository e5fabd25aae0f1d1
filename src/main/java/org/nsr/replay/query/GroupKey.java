package org.nsr.replay.query;

/**
 * One aggregation group: the hour (epoch hour, UTC, or {@link #ALL} when not grouped by hour), the
 * flow ends (0 when not grouped by flow) and the protocol ({@link #ALL} when not grouped by it).
 */
public record GroupKey(long hour, int src, int dst, int protocol) {
    public static final int ALL = -1;
    /** The group that collects flows once {@code --max-groups} is reached. */
    public static final GroupKey OVERFLOW = new GroupKey(Long.MIN_VALUE, 0, 0, Integer.MIN_VALUE);

    /**
     * Mixes every bit of the key. The record's default hash combines fields with small multipliers,
     * and addresses that differ only in their low bytes then collide in long chains.
     */
    @Override
    public int hashCode() {
        long h = hour * 0x9E3779B97F4A7C15L;
        h ^= ((long) src << 32 | (dst & 0xFFFFFFFFL)) * 0xC2B2AE3D27D4EB4FL;
        h ^= protocol * 0x165667B19E3779F9L;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int) h;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupKey k && k.hour == hour && k.src == src && k.dst == dst && k.protocol == protocol;
    }

    public boolean isOverflow() {
        return equals(OVERFLOW);
    }
}
