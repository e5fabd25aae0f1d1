package org.nsr.record.codec;

import java.nio.charset.StandardCharsets;

/**
 * Finds top-level fields of one JSON object line without parsing it: the reader needs the
 * timestamp of every record, and walking the first few keys of a line is many times cheaper than
 * building a tree. Nested values are skipped by bracket depth, honouring strings and escapes.
 *
 * <p>The scan assumes a well-formed line; on malformed input it returns {@link #NOT_FOUND} (never
 * throws), and callers treat that line as bad. {@code verify} validates lines fully.
 */
public final class JsonScan {
    /** Returned when a key is absent or the line is not a well-formed object as far as scanned. */
    public static final int NOT_FOUND = -1;
    /** Returned by {@link #timestampNanos} when the line has no usable timestamp. */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    private static final byte[] TIMESTAMP = LineKeys.bytes(LineKeys.TIMESTAMP);

    private static final long CASE_BITS = 0x2020_2020_2020_2020L;
    private static final long OPEN_BRACES = 0x7B7B_7B7B_7B7B_7B7BL;
    private static final long CLOSE_BRACES = 0x7D7D_7D7D_7D7D_7D7DL;

    private JsonScan() {
    }

    /** The key as the bytes to compare against: UTF-8 without quotes. */
    public static byte[] key(String name) {
        return LineKeys.bytes(name);
    }

    /**
     * The record's timestamp in epoch nanoseconds ({@link TimestampUnits}), or {@link #NO_TIMESTAMP}
     * when the line has no top-level numeric {@code "timestamp"}.
     */
    public static long timestampNanos(byte[] b, int off, int len) {
        int end = off + len;
        int v = valueStart(b, off, end, TIMESTAMP);
        if (v == NOT_FOUND) {
            return NO_TIMESTAMP;
        }
        return numberAsNanos(b, v, end);
    }

    /** Parses the number starting at {@code pos} as a timestamp; {@link #NO_TIMESTAMP} if it is not one. */
    static long numberAsNanos(byte[] b, int pos, int end) {
        int i = pos;
        boolean negative = false;
        if (i < end && b[i] == '-') {
            negative = true;
            i++;
        }
        int digitsStart = i;
        long value = 0;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            int d = b[i] - '0';
            if (i - digitsStart >= 18 && (i - digitsStart >= 19 || value > (Long.MAX_VALUE - d) / 10)) {
                return NO_TIMESTAMP; // does not fit a long
            }
            value = value * 10 + d;
            i++;
        }
        if (i == digitsStart) {
            return NO_TIMESTAMP;
        }
        if (i < end && (b[i] == '.' || b[i] == 'e' || b[i] == 'E')) {
            int j = valueEnd(b, pos, end);
            try {
                java.math.BigDecimal d = new java.math.BigDecimal(new String(b, pos, j - pos, StandardCharsets.US_ASCII));
                return TimestampUnits.toNanos(d);
            } catch (NumberFormatException | ArithmeticException e) {
                return NO_TIMESTAMP;
            }
        }
        return TimestampUnits.toNanos(negative ? -value : value);
    }

    /**
     * Index of the first byte of the value of top-level {@code key} in the object at
     * {@code b[off..end)}, or {@link #NOT_FOUND}.
     */
    public static int valueStart(byte[] b, int off, int end, byte[] key) {
        int i = skipWs(b, off, end);
        if (i >= end || b[i] != '{') {
            return NOT_FOUND;
        }
        i++;
        while (true) {
            i = skipWs(b, i, end);
            if (i >= end || b[i] != '"') {
                return NOT_FOUND;
            }
            int keyStart = i + 1;
            int keyEnd = stringEnd(b, i, end);
            if (keyEnd < 0) {
                return NOT_FOUND;
            }
            i = skipWs(b, keyEnd + 1, end);
            if (i >= end || b[i] != ':') {
                return NOT_FOUND;
            }
            i = skipWs(b, i + 1, end);
            if (equalsKey(b, keyStart, keyEnd, key)) {
                return i < end ? i : NOT_FOUND;
            }
            i = valueEnd(b, i, end);
            if (i < 0) {
                return NOT_FOUND;
            }
            i = skipWs(b, i, end);
            if (i >= end || b[i] != ',') {
                return NOT_FOUND;
            }
            i++;
        }
    }

    /** Index just past the JSON value starting at {@code pos}, or {@link #NOT_FOUND}. */
    public static int valueEnd(byte[] b, int pos, int end) {
        if (pos >= end) {
            return NOT_FOUND;
        }
        byte c = b[pos];
        if (c == '"') {
            int e = stringEnd(b, pos, end);
            return e < 0 ? NOT_FOUND : e + 1;
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            int i = pos;
            while (true) {
                i = nextStructural(b, i, end);
                if (i >= end) {
                    return NOT_FOUND;
                }
                byte x = b[i];
                if (x == '"') {
                    i = stringEnd(b, i, end);
                    if (i < 0) {
                        return NOT_FOUND;
                    }
                } else if (x == '{' || x == '[') {
                    depth++;
                } else if (--depth == 0) { // '}' or ']'
                    return i + 1;
                }
                i++;
            }
        }
        int i = pos;
        while (i < end) {
            byte x = b[i];
            if (x == ',' || x == '}' || x == ']' || x == ' ' || x == '\t' || x == '\r' || x == '\n') {
                break;
            }
            i++;
        }
        return i == pos ? NOT_FOUND : i;
    }

    /** Index of the closing quote of the string whose opening quote is at {@code quote}, or -1. */
    public static int stringEnd(byte[] b, int quote, int end) {
        int i = quote + 1;
        while (true) {
            // Eight bytes at a time to the next quote or backslash (flow keys are long, escapes rare).
            while (i + 8 <= end) {
                long x = Words.at(b, i);
                long hit = (Words.zeroByte(x ^ Words.QUOTES) | Words.zeroByte(x ^ Words.BACKSLASHES)) & Words.HIGH;
                if (hit != 0) {
                    i += Long.numberOfTrailingZeros(hit) >>> 3;
                    break;
                }
                i += 8;
            }
            if (i >= end) {
                return -1;
            }
            byte x = b[i];
            if (x == '"') {
                return i;
            } else if (x == '\\') {
                i += 2;
            } else {
                i++; // the tail past the last whole word
            }
        }
    }

    /**
     * Index of the first quote or bracket ({@code " { } [ ]}) at or after {@code i}, or {@code end}:
     * what the depth walk of {@link #valueEnd} stops at, found eight bytes at a time.
     */
    private static int nextStructural(byte[] b, int i, int end) {
        while (i + 8 <= end) {
            long x = Words.at(b, i);
            long folded = x | CASE_BITS; // '[' and ']' fold onto '{' and '}'
            long hit = (Words.zeroByte(x ^ Words.QUOTES) | Words.zeroByte(folded ^ OPEN_BRACES)
                    | Words.zeroByte(folded ^ CLOSE_BRACES)) & Words.HIGH;
            if (hit != 0) {
                return i + (Long.numberOfTrailingZeros(hit) >>> 3);
            }
            i += 8;
        }
        while (i < end) {
            byte x = b[i];
            if (x == '"' || x == '{' || x == '}' || x == '[' || x == ']') {
                return i;
            }
            i++;
        }
        return end;
    }

    /** True when {@code b[from..to)} (a key without its quotes) is {@code key}. */
    public static boolean equalsKey(byte[] b, int from, int to, byte[] key) {
        if (to - from != key.length) {
            return false;
        }
        for (int k = 0; k < key.length; k++) {
            if (b[from + k] != key[k]) {
                return false;
            }
        }
        return true;
    }

    /** Returned by {@link #integerValue} when the bytes are not an integer that fits a long. */
    public static final long NOT_AN_INTEGER = Long.MIN_VALUE;

    /** The integer written in {@code b[from..to)} (a whole value), or {@link #NOT_AN_INTEGER}. */
    public static long integerValue(byte[] b, int from, int to) {
        int i = from;
        boolean negative = i < to && b[i] == '-';
        if (negative) {
            i++;
        }
        if (i == to || to - i > 18) {
            return NOT_AN_INTEGER;
        }
        long n = 0;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return NOT_AN_INTEGER;
            }
            n = n * 10 + d;
        }
        return negative ? -n : n;
    }

    /** The number written in {@code b[from..to)} (a whole value), or NaN when it is not a number. */
    public static double decimalValue(byte[] b, int from, int to) {
        long n = integerValue(b, from, to);
        if (n != NOT_AN_INTEGER) {
            return n;
        }
        if (to <= from || !(b[from] == '-' || (b[from] >= '0' && b[from] <= '9'))) {
            return Double.NaN; // a string, null, true, an object: not a number
        }
        try {
            return Double.parseDouble(new String(b, from, to - from, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Index of the first non-whitespace byte at or after {@code i}. */
    public static int skipWs(byte[] b, int i, int end) {
        while (i < end) {
            byte x = b[i];
            if (x != ' ' && x != '\t' && x != '\r' && x != '\n') {
                return i;
            }
            i++;
        }
        return i;
    }
}
