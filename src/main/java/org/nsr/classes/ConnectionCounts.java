package org.nsr.classes;

import java.util.Arrays;

/**
 * Records counted per connection in one file: an open-addressing table of direction-normalised
 * connection4 keys (protocol, lower endpoint, higher endpoint, as the index normalises them) to
 * counts, allocation-free per record. Bounded: it tracks at most {@code maxConnections}
 * connections; {@link #increment} answers -1 for one it has no room for.
 *
 * <p>Not thread-safe: the writer's thread only.
 */
final class ConnectionCounts {
    private static final long EMPTY = Long.MIN_VALUE;
    private final int maxConnections;
    private long[] ends;
    private long[] rest;
    private int[] counts;
    private int size;

    ConnectionCounts(int maxConnections) {
        this.maxConnections = maxConnections;
        allocate(1024);
    }

    private void allocate(int slots) {
        ends = new long[slots];
        rest = new long[slots];
        counts = new int[slots];
        Arrays.fill(ends, EMPTY);
        size = 0;
    }

    /** Forgets every connection (a new file); keeps the table's size unless it grew large. */
    void clear() {
        if (ends.length > 1 << 16) {
            allocate(1024);
        } else {
            Arrays.fill(ends, EMPTY);
            size = 0;
        }
    }

    int size() {
        return size;
    }

    /**
     * Counts one more record of the connection and returns its count so far, or -1 when the
     * connection is new and the table is full.
     */
    int increment(int protocol, int srcIp, int srcPort, int dstIp, int dstPort) {
        long a = endpoint(srcIp, srcPort);
        long b = endpoint(dstIp, dstPort);
        long lo = Math.min(a, b); // endpoints sort by unsigned ip, then port: A->B and B->A are one key
        long hi = Math.max(a, b);
        long k1 = lo;
        long k2 = hi ^ ((long) (protocol & 0xFFFF) << 52);
        int mask = ends.length - 1;
        int i = mix(k1, k2) & mask;
        while (ends[i] != EMPTY) {
            if (ends[i] == k1 && rest[i] == k2) {
                return ++counts[i];
            }
            i = (i + 1) & mask;
        }
        if (size >= maxConnections) {
            return -1;
        }
        ends[i] = k1;
        rest[i] = k2;
        counts[i] = 1;
        if (++size * 2 > ends.length) {
            grow();
        }
        return 1;
    }

    /** Unsigned ip in the high 32 bits, the port (or its absence, as 0xFFFFF) in the next 20. */
    private static long endpoint(int ip, int port) {
        return (ip & 0xFFFF_FFFFL) << 20 | (port & 0xFFFFF);
    }

    private static int mix(long k1, long k2) {
        long h = k1 * 0x9E37_79B9_7F4A_7C15L ^ k2 * 0xC2B2_AE3D_27D4_EB4FL;
        return (int) (h ^ h >>> 29);
    }

    private void grow() {
        long[] oldEnds = ends;
        long[] oldRest = rest;
        int[] oldCounts = counts;
        int n = size;
        allocate(oldEnds.length * 2);
        int mask = ends.length - 1;
        for (int j = 0; j < oldEnds.length; j++) {
            if (oldEnds[j] == EMPTY) {
                continue;
            }
            int i = mix(oldEnds[j], oldRest[j]) & mask;
            while (ends[i] != EMPTY) {
                i = (i + 1) & mask;
            }
            ends[i] = oldEnds[j];
            rest[i] = oldRest[j];
            counts[i] = oldCounts[j];
        }
        size = n;
    }
}
