package org.nsr.record.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight bytes at a time: the word reads and byte tests the JSON scans of lines and poll bodies
 * share. Bytes are read little-endian, so the lowest flagged byte of a test is the first in the
 * array ({@code Long.numberOfTrailingZeros(hit) >>> 3}). Stateless.
 */
public final class Words {
    /** The high bit of every byte: a test's result is masked with it. */
    public static final long HIGH = 0x8080_8080_8080_8080L;
    public static final long QUOTES = repeat('"');
    public static final long BACKSLASHES = repeat('\\');

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101_0101_0101_0101L;

    private Words() {
    }

    /** The eight bytes {@code b[i..i+8)} as one word, the first byte lowest. */
    public static long at(byte[] b, int i) {
        return (long) LONGS.get(b, i);
    }

    /** {@code c} in every byte of a word. */
    public static long repeat(char c) {
        return ONES * (c & 0xFF);
    }

    /**
     * The high bit of each zero byte of {@code x} (mask with {@link #HIGH}). The lowest flagged byte
     * is exact: a borrow only flags bytes above a true zero, so scans jump to the lowest one.
     */
    public static long zeroByte(long x) {
        return (x - ONES) & ~x;
    }
}
