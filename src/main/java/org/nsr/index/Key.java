package org.nsr.index;

import java.util.Arrays;

/** An index key as a hashable, sortable value: its bytes compare unsigned. Immutable. */
final class Key implements Comparable<Key> {
    final byte[] bytes;
    private final int hash;

    Key(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    static Key copyOf(byte[] scratch) {
        return new Key(scratch.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Key k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(Key o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }
}
