package org.nsr.record.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The one rule every reader of a recording applies to a line's bytes: a line must be valid UTF-8
 * (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF). A line that is not is
 * counted and skipped, and the command exits 1; {@code verify}, {@code replay}, {@code query} and
 * {@code export} all call {@link #isValid}. Stateless.
 */
public final class Utf8 {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

    private Utf8() {
    }

    public static boolean isValid(byte[] b, int off, int len) {
        return firstInvalid(b, off, len) < 0;
    }

    /** Offset (from {@code off}) of the first byte that breaks UTF-8, or -1 when the bytes are valid. */
    public static int firstInvalid(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end) {
            // recorded lines are nearly all ASCII: test 32, then 8 bytes at a time for a high bit
            if (i + 32 <= end && (((long) LONGS.get(b, i) | (long) LONGS.get(b, i + 8) | (long) LONGS.get(b, i + 16)
                    | (long) LONGS.get(b, i + 24)) & HIGH_BITS) == 0) {
                i += 32;
            } else if (i + 8 <= end && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
                i += 8;
            } else if (b[i] >= 0) {
                i++;
            } else {
                int n = sequence(b, i, end);
                if (n < 0) {
                    return i - off;
                }
                i += n;
            }
        }
        return -1;
    }

    /**
     * Length of the multi-byte sequence whose lead byte (at or above 0x80) is at {@code i}, or -1
     * when it is not valid UTF-8 under this rule; for scanners that meet non-ASCII mid-token.
     */
    public static int sequenceLength(byte[] b, int i, int end) {
        return sequence(b, i, end);
    }

    /** Length of the multi-byte sequence at {@code i}, or -1 when it is not valid UTF-8. */
    private static int sequence(byte[] b, int i, int end) {
        int lead = b[i] & 0xFF;
        int n;
        int min;
        if (lead >= 0xC2 && lead <= 0xDF) {
            n = 2;
            min = 0x80;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            n = 3;
            min = 0x800;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            n = 4;
            min = 0x10000;
        } else {
            return -1; // a continuation byte without a lead, C0/C1 (always overlong), or F5..FF
        }
        if (i + n > end) {
            return -1;
        }
        int cp = lead & (0xFF >> (n + 1));
        for (int k = 1; k < n; k++) {
            int c = b[i + k] & 0xFF;
            if ((c & 0xC0) != 0x80) {
                return -1;
            }
            cp = (cp << 6) | (c & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return -1;
        }
        return n;
    }
}
