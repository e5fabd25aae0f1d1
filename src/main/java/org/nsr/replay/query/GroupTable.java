package org.nsr.replay.query;

import java.util.Arrays;

/**
 * Aggregates per group in one flat {@code long[]} with open addressing and no boxing: each entry is
 * {@link #STRIDE} adjacent longs, three of key ({@link GroupKey#packedEnds()}, hour, a tag holding
 * ports and protocol, never 0 so that 0 marks an empty entry) and five of values. How two entries of
 * the same key merge is given per value slot by {@link Merge}, so one table serves generator volumes
 * (sums, first and last time) and NDTwin rates (double sums and maxima). Kept at most 70 % full;
 * grows by doubling up to the capacity its owner allows. Not thread-safe.
 */
final class GroupTable {
    static final int KEYS = 3;
    static final int VALUES = 5;
    static final int STRIDE = KEYS + VALUES;
    static final int ENDS = 0;
    static final int HOUR = 1;
    static final int TAG = 2;
    /** Bytes one group costs at the table's fullest, for sizing by heap. */
    static final long BYTES_PER_GROUP = (long) (STRIDE * 8 / 0.7 * 1.5);

    /** How a value slot combines two partial aggregates of one group. */
    enum Merge {
        SUM, MIN, MAX, DOUBLE_SUM, DOUBLE_MAX;

        long apply(long a, long b) {
            return switch (this) {
                case SUM -> a + b;
                case MIN -> Math.min(a, b);
                case MAX -> Math.max(a, b);
                case DOUBLE_SUM -> Double.doubleToRawLongBits(Double.longBitsToDouble(a) + Double.longBitsToDouble(b));
                case DOUBLE_MAX -> Double.doubleToRawLongBits(Math.max(Double.longBitsToDouble(a),
                        Double.longBitsToDouble(b)));
            };
        }
    }

    private final Merge[] merges;
    /** What a new entry's values start at: the identity of each slot's merge. */
    private final long[] initial = new long[VALUES];
    long[] data;
    private int capacity;
    private int size;

    /** {@link #entry}: the table is full. */
    static final int FULL = -1;

    private final int capacityLimit;

    /** @param maxGroups the table reports full rather than hold more groups than this */
    GroupTable(Merge[] merges, int maxGroups) {
        if (merges.length != VALUES) {
            throw new IllegalArgumentException("expected " + VALUES + " merges");
        }
        this.merges = merges.clone();
        for (int i = 0; i < VALUES; i++) {
            initial[i] = switch (merges[i]) {
                case SUM -> 0;
                case MIN -> Long.MAX_VALUE;
                case MAX -> Long.MIN_VALUE;
                case DOUBLE_SUM -> Double.doubleToRawLongBits(0.0);
                case DOUBLE_MAX -> Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY);
            };
        }
        long needed = Math.max(16, (long) Math.ceil(maxGroups / 0.7) + 1);
        capacityLimit = (int) Math.min(1 << 30, Long.highestOneBit(needed - 1) << 1);
        capacity = Math.min(capacityLimit, 1 << 12);
        data = new long[capacity * STRIDE];
    }

    int size() {
        return size;
    }

    int capacity() {
        return capacity;
    }

    /** The most groups the table holds before {@link #entry} reports it full. */
    int maxSize() {
        return (int) (capacityLimit * 7L / 10);
    }

    /**
     * The entry offset of the key, inserting it with initial values when absent; {@link #FULL} when
     * the key is new and the table is at its capacity limit (the caller spills, clears and retries).
     */
    int entry(long ends, long hour, long tag) {
        int mask = capacity - 1;
        for (int i = (int) hash(ends, hour, tag) & mask; ; i = (i + 1) & mask) {
            int at = i * STRIDE;
            long t = data[at + TAG];
            if (t == tag && data[at + ENDS] == ends && data[at + HOUR] == hour) {
                return at;
            }
            if (t == 0) {
                if ((size + 1) * 10L > capacity * 7L) {
                    if (capacity * 2L > capacityLimit) {
                        return FULL;
                    }
                    grow();
                    return entry(ends, hour, tag);
                }
                data[at + ENDS] = ends;
                data[at + HOUR] = hour;
                data[at + TAG] = tag;
                System.arraycopy(initial, 0, data, at + KEYS, VALUES);
                size++;
                return at;
            }
        }
    }

    /** Merges an entry of another table (or of a spill file) into this one; false when full. */
    boolean merge(long[] from, int at) {
        int to = entry(from[at + ENDS], from[at + HOUR], from[at + TAG]);
        if (to == FULL) {
            return false;
        }
        to += KEYS;
        for (int i = 0; i < VALUES; i++) {
            data[to + i] = merges[i].apply(data[to + i], from[at + KEYS + i]);
        }
        return true;
    }

    void clear() {
        Arrays.fill(data, 0, capacity * STRIDE, 0L);
        size = 0;
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
            int i = (int) hash(old[at + ENDS], old[at + HOUR], old[at + TAG]) & mask;
            while (data[i * STRIDE + TAG] != 0) {
                i = (i + 1) & mask;
            }
            System.arraycopy(old, at, data, i * STRIDE, STRIDE);
        }
    }

    /** Calls {@code visitor} with the offset of every entry; the table must not change meanwhile. */
    void forEach(EntryVisitor visitor) {
        for (int at = 0; at < data.length; at += STRIDE) {
            if (data[at + TAG] != 0) {
                visitor.entry(data, at);
            }
        }
    }

    /** Receives one entry: {@code data[at .. at + STRIDE)}. */
    @FunctionalInterface
    interface EntryVisitor {
        void entry(long[] data, int at);
    }

    /** Mixes every key bit; the low bits pick the slot, {@link #partition} uses others. */
    static long hash(long ends, long hour, long tag) {
        long h = hour * 0x9E3779B97F4A7C15L ^ ends * 0xC2B2AE3D27D4EB4FL ^ tag * 0x165667B19E3779F9L;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }

    /** The spill partition of an entry at a merge level: independent of the slot bits and of other levels. */
    static int partition(long[] data, int at, int level, int partitions) {
        long h = hash(data[at + ENDS], data[at + HOUR], data[at + TAG]) + level * 0x632BE59BD9B4E019L;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        return (int) ((h >>> 1) % partitions);
    }
}
