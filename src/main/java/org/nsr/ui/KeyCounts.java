package org.nsr.ui;

import java.util.Arrays;

/**
 * Bytes and flows per {@code long} key (an IP, an IP pair) in at most {@code maxKeys} keys: an
 * open-addressing table of primitive arrays, so adding a flow allocates nothing and boxes nothing
 * (the traffic window adds every flow the dashboard reads). The table starts small and doubles up
 * to what {@code maxKeys} needs. A key that does not fit is refused ({@link #add} answers false)
 * and the caller counts it.
 *
 * <p>Not thread-safe: the traffic window calls it under its lock.
 */
final class KeyCounts {
    private static final long EMPTY = Long.MIN_VALUE; // no IP or IP pair has this value as key
    private static final int FIRST_SLOTS = 256;

    private final int maxKeys;
    private int mask;
    private long[] keys;
    private long[] bytes;
    private long[] flows;
    private int size;

    KeyCounts(int maxKeys) {
        this.maxKeys = maxKeys;
        allocate(FIRST_SLOTS);
    }

    private void allocate(int slots) {
        mask = slots - 1;
        keys = new long[slots];
        bytes = new long[slots];
        flows = new long[slots];
        Arrays.fill(keys, EMPTY);
    }

    private static int spread(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** Adds to {@code key}; false (nothing added) when the key is new and {@code maxKeys} are held. */
    boolean add(long key, long addBytes, long addFlows) {
        int i = spread(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == key) {
                bytes[i] += addBytes;
                flows[i] += addFlows;
                return true;
            }
            if (k == EMPTY) {
                if (size >= maxKeys) {
                    return false;
                }
                if (size >= (mask + 1) * 5L / 8) {
                    grow();
                    return add(key, addBytes, addFlows);
                }
                keys[i] = key;
                bytes[i] = addBytes;
                flows[i] = addFlows;
                size++;
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    private void grow() {
        long[] k = keys;
        long[] b = bytes;
        long[] f = flows;
        allocate(k.length * 2);
        size = 0;
        for (int i = 0; i < k.length; i++) {
            if (k[i] != EMPTY) {
                add(k[i], b[i], f[i]);
            }
        }
    }

    private int find(long key) {
        int i = spread(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == key) {
                return i;
            }
            if (k == EMPTY) {
                return -1;
            }
            i = (i + 1) & mask;
        }
    }

    /** Adds every key of {@code other} (the keys that fit). */
    void addAll(KeyCounts other) {
        long[] k = other.keys;
        for (int i = 0; i < k.length; i++) {
            if (k[i] != EMPTY) {
                add(k[i], other.bytes[i], other.flows[i]);
            }
        }
    }

    int size() {
        return size;
    }

    void clear() {
        if (size > 0) {
            Arrays.fill(keys, EMPTY);
            size = 0;
        }
    }

    /** Receives one key of a top list. */
    interface Entry {
        void accept(long key, long bytes, long flows);
    }

    /** The {@code n} keys with the most bytes, biggest first (ties by key). */
    void top(int n, Entry out) {
        topOfSum(this, null, n, out);
    }

    /**
     * The {@code n} keys with the most bytes in {@code a} and {@code b} added up (b may be null),
     * biggest first, without building the sum or sorting it: one scan of each table keeps the best
     * {@code n} in a small sorted array.
     */
    static void topOfSum(KeyCounts a, KeyCounts b, int n, Entry out) {
        Best best = new Best(n);
        if (b != null) {
            for (int i = 0; i < b.keys.length; i++) {
                long k = b.keys[i];
                if (k != EMPTY) {
                    int j = a.find(k);
                    best.offer(k, b.bytes[i] + (j < 0 ? 0 : a.bytes[j]), b.flows[i] + (j < 0 ? 0 : a.flows[j]));
                }
            }
        }
        for (int i = 0; i < a.keys.length; i++) {
            long k = a.keys[i];
            if (k != EMPTY && (b == null || b.find(k) < 0)) {
                best.offer(k, a.bytes[i], a.flows[i]);
            }
        }
        for (int j = 0; j < best.filled; j++) {
            out.accept(best.key[j], best.bytes[j], best.flows[j]);
        }
    }

    /** The best {@code n} offered, biggest bytes first. */
    private static final class Best {
        final long[] key;
        final long[] bytes;
        final long[] flows;
        int filled;

        Best(int n) {
            key = new long[n];
            bytes = new long[n];
            flows = new long[n];
        }

        private boolean before(long k, long by, int j) {
            return by != bytes[j] ? by > bytes[j] : k < key[j];
        }

        void offer(long k, long by, long fl) {
            int n = key.length;
            if (n == 0 || (filled == n && !before(k, by, n - 1))) {
                return;
            }
            int j = filled < n ? filled++ : n - 1;
            while (j > 0 && before(k, by, j - 1)) {
                key[j] = key[j - 1];
                bytes[j] = bytes[j - 1];
                flows[j] = flows[j - 1];
                j--;
            }
            key[j] = k;
            bytes[j] = by;
            flows[j] = fl;
        }
    }
}
