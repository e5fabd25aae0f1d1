package org.nsr.record;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that records encode themselves into. Not thread-safe: each writer owns
 * one and reuses it, so encoding allocates nothing per record once the buffer has grown.
 */
public final class LineBuffer {
    private static final byte[] DIGIT_PAIRS = buildDigitPairs();
    private static final byte[] OCTET_DIGITS = buildOctetDigits();
    private static final byte[] OCTET_LENGTH = buildOctetLengths();

    private byte[] bytes;
    private int size;

    public LineBuffer(int initialCapacity) {
        this.bytes = new byte[Math.max(16, initialCapacity)];
    }

    public int size() {
        return size;
    }

    public void reset() {
        size = 0;
    }

    /** Drops everything after {@code newSize}; used to undo a partly encoded record. */
    public void truncate(int newSize) {
        if (newSize < 0 || newSize > size) {
            throw new IllegalArgumentException("truncate to " + newSize + " outside 0.." + size);
        }
        size = newSize;
    }

    public LineBuffer append(byte b) {
        ensure(1);
        bytes[size++] = b;
        return this;
    }

    public LineBuffer append(byte[] src) {
        return append(src, 0, src.length);
    }

    public LineBuffer append(byte[] src, int offset, int length) {
        ensure(length);
        System.arraycopy(src, offset, bytes, size, length);
        size += length;
        return this;
    }

    /** Appends a string known to be ASCII (field names, numbers, dotted IPs). */
    public LineBuffer appendAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[size++] = (byte) s.charAt(i);
        }
        return this;
    }

    /**
     * Appends the leading chars of {@code s} that a JSON string holds as they are (ASCII, not a
     * control char, quote or backslash), in the one pass that checks them.
     *
     * @return how many chars were appended: {@code s.length()} when all of them
     */
    public int appendJsonPlain(String s) {
        int n = s.length();
        ensure(n);
        byte[] b = bytes;
        int at = size;
        int i = 0;
        for (; i < n; i++) {
            char ch = s.charAt(i);
            if (ch < 0x20 || ch >= 0x80 || ch == '"' || ch == '\\') {
                break;
            }
            b[at + i] = (byte) ch;
        }
        size = at + i;
        return i;
    }

    /** Appends any string as UTF-8, without JSON escaping. */
    public LineBuffer appendUtf8(String s) {
        return append(s.getBytes(StandardCharsets.UTF_8));
    }

    public LineBuffer appendLong(long value) {
        if (value == Long.MIN_VALUE) {
            return appendAscii("-9223372036854775808");
        }
        ensure(20);
        if (value < 0) {
            bytes[size++] = '-';
            value = -value;
        }
        // Work in int pieces of 8 digits: int division by a constant is far cheaper than long division,
        // and epoch-nanosecond timestamps (19 digits) are on every generator line.
        if (value < EIGHT_DIGITS) {
            appendPositiveInt((int) value);
        } else if (value < EIGHT_DIGITS * EIGHT_DIGITS) {
            long high = value / EIGHT_DIGITS;
            appendPositiveInt((int) high);
            appendEightDigits((int) (value - high * EIGHT_DIGITS));
        } else {
            long high = value / EIGHT_DIGITS;
            long top = high / EIGHT_DIGITS;
            appendPositiveInt((int) top);
            appendEightDigits((int) (high - top * EIGHT_DIGITS));
            appendEightDigits((int) (value - high * EIGHT_DIGITS));
        }
        return this;
    }

    private static final long EIGHT_DIGITS = 100_000_000L;

    private void appendPositiveInt(int value) {
        int digits = value < 10 ? 1 : value < 100 ? 2 : value < 1000 ? 3 : value < 10_000 ? 4 : value < 100_000 ? 5
                : value < 1_000_000 ? 6 : value < 10_000_000 ? 7 : value < 100_000_000 ? 8 : value < 1_000_000_000 ? 9 : 10;
        int pos = size + digits;
        size = pos;
        while (value >= 100) {
            int q = value / 100;
            int pair = (value - q * 100) * 2;
            value = q;
            bytes[--pos] = DIGIT_PAIRS[pair + 1];
            bytes[--pos] = DIGIT_PAIRS[pair];
        }
        if (value >= 10) {
            bytes[--pos] = DIGIT_PAIRS[value * 2 + 1];
            bytes[--pos] = DIGIT_PAIRS[value * 2];
        } else {
            bytes[--pos] = (byte) ('0' + value);
        }
    }

    /** Exactly eight digits, zero-padded: the lower part of a split long. */
    private void appendEightDigits(int value) {
        int pos = size + 8;
        size = pos;
        for (int i = 0; i < 4; i++) {
            int q = value / 100;
            int pair = (value - q * 100) * 2;
            value = q;
            bytes[--pos] = DIGIT_PAIRS[pair + 1];
            bytes[--pos] = DIGIT_PAIRS[pair];
        }
    }

    /** Appends an IPv4 address held in the low 32 bits of {@code ip} (high byte first) as dotted text. */
    public LineBuffer appendDottedIpv4(long ip) {
        ensure(15 + 2); // each octet writes three bytes and keeps one to three of them
        appendOctet((int) (ip >>> 24) & 0xFF);
        bytes[size++] = '.';
        appendOctet((int) (ip >>> 16) & 0xFF);
        bytes[size++] = '.';
        appendOctet((int) (ip >>> 8) & 0xFF);
        bytes[size++] = '.';
        appendOctet((int) ip & 0xFF);
        return this;
    }

    /**
     * Every generator line carries two addresses: each octet's digits come from a table of three
     * bytes per octet, written whole (no loop, no branch), and the size moves by the digit count.
     */
    private void appendOctet(int octet) {
        int t = octet * 3;
        byte[] b = bytes;
        int at = size;
        b[at] = OCTET_DIGITS[t];
        b[at + 1] = OCTET_DIGITS[t + 1];
        b[at + 2] = OCTET_DIGITS[t + 2];
        size = at + OCTET_LENGTH[octet];
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, size);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    /** Direct access for zero-copy consumers; valid up to {@link #size()} until the next append. */
    public byte[] array() {
        return bytes;
    }

    @Override
    public String toString() {
        return new String(bytes, 0, size, StandardCharsets.UTF_8);
    }

    private void ensure(int extra) {
        int needed = size + extra;
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
        }
    }

    private static byte[] buildOctetDigits() {
        byte[] digits = new byte[256 * 3];
        for (int i = 0; i < 256; i++) {
            byte[] d = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(d, 0, digits, i * 3, d.length);
        }
        return digits;
    }

    private static byte[] buildOctetLengths() {
        byte[] lengths = new byte[256];
        for (int i = 0; i < 256; i++) {
            lengths[i] = (byte) Integer.toString(i).length();
        }
        return lengths;
    }

    private static byte[] buildDigitPairs() {
        byte[] pairs = new byte[200];
        for (int i = 0; i < 100; i++) {
            pairs[i * 2] = (byte) ('0' + i / 10);
            pairs[i * 2 + 1] = (byte) ('0' + i % 10);
        }
        return pairs;
    }
}
