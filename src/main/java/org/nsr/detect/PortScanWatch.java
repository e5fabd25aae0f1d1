package org.nsr.detect;

import java.util.Arrays;
import org.nsr.metrics.Counter;

/**
 * Distinct destination ports per source IP within the window, for the port-scan rule, in bounded
 * memory and without the blind spot of a shared "pair seen" sketch: a count-min of (source, port)
 * pairs saturates past about a million distinct pairs in a window, after which every new pair
 * looks seen and a scanner in busy traffic goes unnoticed.
 *
 * <p>Only a source that sent many flows in the window can be scanning (one flow per port at
 * least), so only such sources are watched: the detector hands over a source's flows once the
 * per-source sketch (which never undercounts) puts it above a quarter of the threshold. The ports
 * of its first flows are not in the watch; the pair sketch counts those while it is not saturated. A table of
 * watched sources gives each a bitmap of its destination ports for the current and the previous
 * window; its count is the union of both (at least one window's ports, at most two windows').
 * With 65,536 bits a bitmap is exact; with fewer, ports are hashed into it and linear counting
 * estimates the distinct ports. When a source's probe slots are all taken, it replaces the
 * watched source with the fewest ports there: a scanner, whose count grows with every flow,
 * outlasts the sources of a flood or of busy clients (a port or two each). Replacements are
 * counted.
 *
 * <p>Not thread-safe: the detector calls it under its lock.
 */
final class PortScanWatch {
    /** Memory for the bitmaps of all watched sources; the table's size follows from it. */
    static final int BUDGET_BYTES = 4 << 20;
    private static final int PROBES = 8;

    private final long windowSeconds;
    private final int bits;
    private final int words;
    private final int shift;
    private final int mask;
    /** Watched source IPs; {@link #windowStart} {@code == Long.MIN_VALUE} marks a free slot. */
    private final int[] source;
    private final long[] windowStart;
    /** Ones in (current | previous) of each slot. */
    private final int[] ones;
    private final long[] current;
    private final long[] previous;
    private final Counter replaced;

    /**
     * @param threshold the rule's threshold in distinct ports: the bitmaps are sized to count well past it
     * @param replaced counts watched sources that gave their slot to another
     */
    PortScanWatch(long threshold, long windowSeconds, Counter replaced) {
        this.replaced = replaced;
        this.windowSeconds = Math.max(1, windowSeconds);
        this.bits = (int) Math.min(65_536, Math.max(64, Long.highestOneBit(Math.max(1, threshold * 4 - 1)) << 1));
        this.words = bits / 64;
        this.shift = 32 - Integer.numberOfTrailingZeros(bits);
        int slots = Integer.highestOneBit(Math.max(64, Math.min(4096, BUDGET_BYTES / (words * 16))));
        this.mask = slots - 1;
        this.source = new int[slots];
        this.windowStart = new long[slots];
        Arrays.fill(windowStart, Long.MIN_VALUE);
        this.ones = new int[slots];
        this.current = new long[slots * words];
        this.previous = new long[slots * words];
    }

    /** Sources the table can watch at once. */
    int capacity() {
        return source.length;
    }

    /** Longs held by the bitmaps: fixed at construction. */
    long heldLongs() {
        return current.length + previous.length + windowStart.length;
    }

    /**
     * Notes a flow of {@code src} to {@code port} in second {@code second}.
     *
     * @return the source's distinct destination ports in the window (estimated when the bitmap is hashed)
     */
    long add(int src, int port, long second) {
        int slot = slotOf(src, second);
        long start = second - Math.floorMod(second, windowSeconds);
        long at = windowStart[slot];
        if (start > at) {
            roll(slot, start == at + windowSeconds);
            windowStart[slot] = start;
        }
        int bit = bits == 65_536 ? port & 0xFFFF : spread(port) >>> shift;
        int w = slot * words + (bit >>> 6);
        long b = 1L << bit;
        if ((current[w] & b) == 0) {
            current[w] |= b;
            if ((previous[w] & b) == 0) {
                ones[slot]++;
            }
        }
        return estimate(ones[slot]);
    }

    /**
     * Murmur3's finaliser: linear counting assumes ports land at random, and a plain multiplicative
     * hash spreads consecutive ports (a scan) so evenly that the estimate ran high.
     */
    private static int spread(int port) {
        int h = port * 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }

    private long estimate(int set) {
        if (bits == 65_536) {
            return set; // one bit per port: exact
        }
        if (set >= bits) {
            return (long) (bits * Math.log(bits)); // saturated: far past any threshold it was sized for
        }
        return Math.round(-bits * Math.log(1 - (double) set / bits));
    }

    /** The current window becomes the previous one (or both are cleared when a whole window passed). */
    private void roll(int slot, boolean adjacent) {
        int from = slot * words;
        int set = 0;
        for (int i = from; i < from + words; i++) {
            long keep = adjacent ? current[i] : 0;
            previous[i] = keep;
            current[i] = 0;
            set += Long.bitCount(keep);
        }
        ones[slot] = set;
    }

    /** The source's slot, taking a free or stale one, or the one with the fewest ports, when it has none. */
    private int slotOf(int src, long second) {
        int h = src * 0x9E3779B9;
        int home = (h ^ (h >>> 16)) & mask;
        int free = -1;
        int fewest = -1;
        long staleBefore = second - Math.floorMod(second, windowSeconds) - windowSeconds; // both windows over
        for (int p = 0; p < PROBES; p++) {
            int slot = (home + p) & mask;
            long start = windowStart[slot];
            if (start != Long.MIN_VALUE && source[slot] == src) {
                return slot;
            }
            if (start == Long.MIN_VALUE || start < staleBefore) {
                if (free < 0) {
                    free = slot;
                }
            } else if (fewest < 0 || ones[slot] < ones[fewest]) {
                fewest = slot;
            }
        }
        int slot = free;
        if (slot < 0) {
            slot = fewest;
            replaced.increment();
        }
        source[slot] = src;
        windowStart[slot] = second - Math.floorMod(second, windowSeconds);
        ones[slot] = 0;
        Arrays.fill(current, slot * words, slot * words + words, 0);
        Arrays.fill(previous, slot * words, slot * words + words, 0);
        return slot;
    }
}
