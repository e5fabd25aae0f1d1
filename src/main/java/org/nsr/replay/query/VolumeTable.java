package org.nsr.replay.query;

import java.util.HashMap;
import java.util.Map;

/**
 * Generator volumes per group in one flat {@code long[]} with open addressing: each entry is six
 * adjacent longs (flow ends, hour, protocol tag, flows, packets, bytes), so a lookup and its update
 * usually touch one cache line and allocate nothing. With hundreds of thousands of groups this is
 * several times faster than a map of objects. Kept at most half full; grows by doubling. Not
 * thread-safe.
 */
final class VolumeTable {
    private static final int STRIDE = 6;
    private static final int ENDS = 0;
    private static final int HOUR = 1;
    /** {@code protocol << 1 | 1}: never 0, so 0 marks an empty entry. */
    private static final int TAG = 2;
    private static final int FLOWS = 3;
    private static final int PACKETS = 4;
    private static final int BYTES = 5;

    private long[] data = new long[1024 * STRIDE];
    private int capacity = 1024;
    private int size;

    int size() {
        return size;
    }

    /**
     * The entry offset for the key, or {@code -(slot offset) - 1} for the empty slot where it would
     * go; pass that to {@link #insert}.
     */
    int find(long hour, int src, int dst, int protocol) {
        long ends = ends(src, dst);
        long tag = tag(protocol);
        int mask = capacity - 1;
        for (int i = hash(hour, ends, tag) & mask; ; i = (i + 1) & mask) {
            int at = i * STRIDE;
            long t = data[at + TAG];
            if (t == 0) {
                return -at - 1;
            }
            if (t == tag && data[at + ENDS] == ends && data[at + HOUR] == hour) {
                return at;
            }
        }
    }

    /** Adds the key (absent, as {@link #find} said) and returns its entry offset. */
    int insert(long hour, int src, int dst, int protocol, int notFound) {
        if ((size + 1) * 2 > capacity) {
            grow();
            notFound = find(hour, src, dst, protocol);
        }
        int at = -notFound - 1;
        data[at + ENDS] = ends(src, dst);
        data[at + HOUR] = hour;
        data[at + TAG] = tag(protocol);
        size++;
        return at;
    }

    void add(int entry, long packetCount, long byteCount) {
        data[entry + FLOWS]++;
        data[entry + PACKETS] += packetCount;
        data[entry + BYTES] += byteCount;
    }

    private void grow() {
        long[] old = data;
        capacity *= 2;
        data = new long[capacity * STRIDE];
        int mask = capacity - 1;
        for (int at = 0; at < old.length; at += STRIDE) {
            if (old[at + TAG] == 0) {
                continue;
            }
            int i = hash(old[at + HOUR], old[at + ENDS], old[at + TAG]) & mask;
            while (data[i * STRIDE + TAG] != 0) {
                i = (i + 1) & mask;
            }
            System.arraycopy(old, at, data, i * STRIDE, STRIDE);
        }
    }

    private static long ends(int src, int dst) {
        return ((long) src << 32) | (dst & 0xFFFFFFFFL);
    }

    private static long tag(int protocol) {
        return ((long) protocol << 1) | 1;
    }

    private static int hash(long hour, long ends, long tag) {
        long h = hour * 0x9E3779B97F4A7C15L ^ ends * 0xC2B2AE3D27D4EB4FL ^ tag * 0x165667B19E3779F9L;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int) h;
    }

    /** Every group as a map, for reporting. */
    Map<GroupKey, FlowAggregator.Volume> toMap() {
        Map<GroupKey, FlowAggregator.Volume> map = new HashMap<>(size * 2);
        for (int at = 0; at < data.length; at += STRIDE) {
            if (data[at + TAG] == 0) {
                continue;
            }
            FlowAggregator.Volume v = new FlowAggregator.Volume();
            v.flows = data[at + FLOWS];
            v.packets = data[at + PACKETS];
            v.bytes = data[at + BYTES];
            int protocol = (int) (data[at + TAG] >> 1);
            long ends = data[at + ENDS];
            map.put(new GroupKey(data[at + HOUR], (int) (ends >>> 32), (int) ends, protocol), v);
        }
        return map;
    }
}
