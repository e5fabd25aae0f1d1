package org.nsr.detect;

/**
 * Counts per key over a sliding window of whole seconds in bounded memory: a count-min sketch per
 * second, in a ring of {@code windowSeconds} slots. An estimate never undercounts; it overcounts by
 * at most ~e/width of the window's total with probability 1 - e^-depth. Exact maps would grow with
 * the number of keys (a botnet of 100,000 source IPs); this stays at depth × width × slots longs.
 *
 * <p>Not thread-safe: the detector calls it under its lock.
 */
final class SlidingCountMin {
    private static final int DEPTH = 4;
    private static final long SEED = 0x9E3779B97F4A7C15L;

    private final int mask;
    private final long[][] slots; // [slot][depth * width]
    /** The sum of the live slots, kept as they change, so an estimate reads one counter per row. */
    private final long[] window;
    private final long[] slotSecond;
    private final int windowSeconds;

    /** @param width counters per row, rounded up to a power of two */
    SlidingCountMin(int width, int windowSeconds) {
        int w = Integer.highestOneBit(Math.max(16, width - 1)) << 1;
        this.mask = w - 1;
        this.windowSeconds = windowSeconds;
        this.slots = new long[windowSeconds][DEPTH * w];
        this.window = new long[DEPTH * w];
        this.slotSecond = new long[windowSeconds];
        java.util.Arrays.fill(slotSecond, Long.MIN_VALUE);
    }

    /**
     * A key's 64-bit hash; its two halves give every row's column (Kirsch and Mitzenmacher's double
     * hashing), so sketches of the same key (a source's flows and ports) hash it once.
     */
    static long hash(long key) {
        long h = (key + SEED) * 0xBF58476D1CE4E5B9L;
        h ^= h >>> 31;
        h *= 0x94D049BB133111EBL;
        return h ^ (h >>> 29);
    }

    /** As {@link #addAndEstimateHashed} with the key's {@link #hash}. */
    long addAndEstimate(long key, long amount, long second) {
        return addAndEstimateHashed(hash(key), amount, second);
    }

    /**
     * Adds {@code amount} to the key of hash {@code h} in second {@code second} and returns the key's
     * estimate over the window ending at {@code second}; a second older than the window adds nothing
     * and returns 0.
     */
    long addAndEstimateHashed(long h, long amount, long second) {
        int s = (int) Math.floorMod(second, windowSeconds);
        if (slotSecond[s] != second) {
            if (slotSecond[s] > second) {
                return 0; // late past the window
            }
            expireBefore(second - windowSeconds + 1);
            slotSecond[s] = second;
        } else if (second < newest - windowSeconds + 1) {
            return 0;
        }
        if (second > newest) {
            newest = second;
            expireBefore(second - windowSeconds + 1);
        }
        int w = mask + 1;
        long[] slot = slots[s];
        long min = Long.MAX_VALUE;
        int h1 = (int) h;
        int h2 = (int) (h >>> 32) | 1;
        for (int row = 0; row < DEPTH; row++) {
            int col = row * w + ((h1 + row * h2) & mask);
            slot[col] += amount;
            long sum = window[col] += amount;
            min = Math.min(min, sum);
        }
        return min;
    }

    private long newest = Long.MIN_VALUE;

    /** Takes the slots older than {@code oldestLive} out of the window sum. */
    private void expireBefore(long oldestLive) {
        for (int i = 0; i < windowSeconds; i++) {
            if (slotSecond[i] != Long.MIN_VALUE && slotSecond[i] < oldestLive) {
                long[] slot = slots[i];
                for (int c = 0; c < slot.length; c++) {
                    window[c] -= slot[c];
                }
                java.util.Arrays.fill(slot, 0);
                slotSecond[i] = Long.MIN_VALUE;
            }
        }
    }

    /** Bytes held, for the bounded-memory test. */
    long heldLongs() {
        return (long) slots.length * slots[0].length;
    }
}
