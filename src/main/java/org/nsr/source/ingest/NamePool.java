package org.nsr.source.ingest;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One shared {@code String} per distinct name ({@code src_app}, {@code dest_app}, {@code vpc_id}),
 * looked up from the parser's character buffer without building a string first.
 *
 * <p>Why: a push body repeats a few thousand names over and over. Without the pool every record
 * made three new strings, which the aggregation then held once per flow and hour, and whose hash
 * every map lookup computed again. With it a known name costs no allocation, and the keys of all
 * hours share the same strings (their hash codes computed once).
 *
 * <p>Bounded: an open-addressing table of {@code capacity} slots (a power of two), probed at most
 * {@value #MAX_PROBES} slots; a name that finds no free slot is returned as a new string, not
 * pooled (correct, just not shared). Names never leave the pool. Thread-safe and lock-free: a slot
 * is filled once with a CAS.
 */
final class NamePool {
    private static final int MAX_PROBES = 8;

    private final AtomicReferenceArray<String> slots;
    private final int mask;

    NamePool(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity " + capacity + " must be a power of two, at least 2");
        }
        this.slots = new AtomicReferenceArray<>(capacity);
        this.mask = capacity - 1;
    }

    /** The pooled string equal to {@code chars[offset, offset + length)}. */
    String intern(char[] chars, int offset, int length) {
        int h = 0;
        for (int i = 0; i < length; i++) {
            h = 31 * h + chars[offset + i]; // String.hashCode's own formula
        }
        int slot = spread(h) & mask;
        for (int probe = 0; probe < MAX_PROBES; probe++, slot = (slot + 1) & mask) {
            String s = slots.get(slot);
            if (s == null) {
                String made = new String(chars, offset, length);
                if (slots.compareAndSet(slot, null, made)) {
                    return made;
                }
                s = slots.get(slot); // another thread filled it: maybe with this very name
            }
            if (s.hashCode() == h && same(s, chars, offset, length)) {
                return s;
            }
        }
        return new String(chars, offset, length);
    }

    private static boolean same(String s, char[] chars, int offset, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (s.charAt(i) != chars[offset + i]) {
                return false;
            }
        }
        return true;
    }

    private static int spread(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
