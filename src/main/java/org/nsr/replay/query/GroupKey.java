package org.nsr.replay.query;

/**
 * One aggregation group: the hour (epoch hour, UTC, or {@link #ALL} when not grouped by hour), the
 * addresses and ports (0 and {@link #ALL} when not grouped by them) and the protocol ({@link #ALL}
 * when not grouped by it). With {@code --by ip} or {@code port} (either end), the end is in
 * {@code src} and {@code srcPort}.
 */
public record GroupKey(long hour, int src, int dst, int srcPort, int dstPort, int protocol) {
    public static final int ALL = -1;

    /** A key without ports. */
    public GroupKey(long hour, int src, int dst, int protocol) {
        this(hour, src, dst, ALL, ALL, protocol);
    }

    /** The addresses as {@link GroupTable} keys them. */
    long packedEnds() {
        return packEnds(src, dst);
    }

    static long packEnds(int src, int dst) {
        return ((long) src << 32) | (dst & 0xFFFFFFFFL);
    }

    /** Ports and protocol in one long, never 0: ports take 17 bits each (with ALL), the protocol 9. */
    static long tag(int srcPort, int dstPort, int protocol) {
        return 1L | ((long) (srcPort + 1) & 0x1FFFF) << 1 | ((long) (dstPort + 1) & 0x1FFFF) << 18
                | ((long) (protocol + 1) & 0x1FF) << 35;
    }

    /** The key of a {@link GroupTable} entry. */
    static GroupKey of(long[] data, int at) {
        long ends = data[at + GroupTable.ENDS];
        long tag = data[at + GroupTable.TAG];
        return new GroupKey(data[at + GroupTable.HOUR], (int) (ends >>> 32), (int) ends,
                (int) ((tag >>> 1) & 0x1FFFF) - 1, (int) ((tag >>> 18) & 0x1FFFF) - 1, (int) ((tag >>> 35) & 0x1FF) - 1);
    }
}
