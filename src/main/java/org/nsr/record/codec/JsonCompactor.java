package org.nsr.record.codec;

import com.fasterxml.jackson.core.StreamReadConstraints;

/**
 * Validates one JSON value byte by byte and compacts it in place, copying runs of bytes: the one
 * JSON validator of the fast paths (the HTTP source's line encoder, and through {@link JsonObjectCheck}
 * the Redis source's {@code data} field). An already compact body is validated without a single copy.
 *
 * <p>Three outcomes. <b>Compacted</b>: the value is valid and its compact form is exactly what the
 * Jackson re-encode would write (strings whose escapes Jackson writes the same way, integers other
 * than {@code -0}, float literals kept as sent). <b>Rejected</b> ({@link MalformedJsonException}):
 * Jackson's defaults reject it too — leading zeros, NaN/Infinity, trailing commas, control
 * characters or bad escapes in strings, missing or extra separators, a second top-level value,
 * truncation — or it breaks the project's UTF-8 rule ({@link Utf8}). <b>Declined</b>
 * (a negative result, see {@link #compact}): valid or not, Jackson decides and writes it — a {@code \/} or {@code \\u}
 * escape or a character above U+FFFF (Jackson re-spells them), {@code -0}, a byte-order mark or a non-UTF-8 encoding, a
 * {@code timestamp} key in a merged body, or anything within half of a {@link StreamReadConstraints}
 * default (nesting depth, number, name or string length), so Jackson's limits apply exactly.
 * Stateless and thread-safe.
 */
public final class JsonCompactor {

    private static final long SPACES = 0x2020_2020_2020_2020L;
    private static final long DIGIT_HIGH = 0x4646_4646_4646_4646L;
    private static final long DIGIT_LOW = 0x3030_3030_3030_3030L;

    private static final int MAX_DEPTH;
    private static final int MAX_NUMBER;
    private static final int MAX_STRING;
    private static final int MAX_NAME;
    private static final long MAX_DOCUMENT;
    private static final boolean TOKENS_LIMITED;

    static {
        StreamReadConstraints c = StreamReadConstraints.defaults();
        MAX_DEPTH = c.getMaxNestingDepth() / 2;
        MAX_NUMBER = c.getMaxNumberLength() / 2;
        MAX_STRING = c.getMaxStringLength() / 2;
        MAX_NAME = c.getMaxNameLength() / 2;
        MAX_DOCUMENT = c.getMaxDocumentLength() > 0 ? c.getMaxDocumentLength() / 2 : Long.MAX_VALUE;
        TOKENS_LIMITED = c.getMaxTokenCount() > 0;
    }

    private static final byte[] TIMESTAMP = LineKeys.TIMESTAMP
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);

    // What the scanner expects next.
    private static final int VALUE = 0;
    private static final int VALUE_OR_END_ARRAY = 1;
    private static final int KEY = 2;
    private static final int KEY_OR_END_OBJECT = 3;
    private static final int COLON = 4;
    private static final int AFTER_VALUE = 5;

    private JsonCompactor() {
    }

    /**
     * Validates {@code b[from, to)} as one JSON value (surrounding whitespace allowed) and moves its
     * compact form to start at {@code from}.
     *
     * @param topLevelTimestampDeclines decline when the top-level object has a {@code timestamp} key
     * @return the end of the compact value; or, when declined, {@code ~end} (negative) where
     *     {@code b[from, end)} holds the value with some whitespace between tokens removed, which
     *     leaves its meaning (and Jackson's verdict) unchanged
     * @throws MalformedJsonException the bytes are not one valid JSON value
     */
    public static int compact(byte[] b, int from, int to, boolean topLevelTimestampDeclines) throws MalformedJsonException {
        if (to - from > MAX_DOCUMENT || TOKENS_LIMITED) {
            return ~to;
        }
        for (int k = from; k < Math.min(to, from + 4); k++) {
            if (b[k] == 0 || (k == from && (b[k] & 0xFF) >= 0xEF)) {
                return ~to; // a byte-order mark or UTF-16/32: Jackson detects the encoding
            }
        }
        // A stack of container kinds, one bit per level: 1 = object.
        // The first 64 levels in a long, deeper ones in an array made only when a body goes there:
        // the Redis source checks every entry, and the array was most of its garbage after the entry.
        long shallow = 0;
        long[] objects = null;
        int depth = 0;
        int state = VALUE;
        int w = from;       // where the next kept byte goes
        int run = from;     // start of the kept bytes not yet moved down to w
        int i = from;
        boolean seenValue = false;
        while (true) {
            // Whitespace between tokens: the run so far moves down, the whitespace is dropped.
            if (i < to && isSpace(b[i])) {
                if (w != run) {
                    System.arraycopy(b, run, b, w, i - run);
                }
                w += i - run;
                i = skipSpace(b, i + 1, to);
                run = i;
            }
            if (i >= to) {
                break;
            }
            byte c = b[i];
            switch (state) {
                case VALUE, VALUE_OR_END_ARRAY -> {
                    if (c == ']' && state == VALUE_OR_END_ARRAY) {
                        depth--;
                        i++;
                        state = AFTER_VALUE;
                        break;
                    }
                    if (seenValue && depth == 0) {
                        throw error(b, from, i, "a second top-level value");
                    }
                    switch (c) {
                        case '{' -> {
                            if (++depth > MAX_DEPTH) {
                                return declined(b, w, run, to);
                            }
                            if (depth < 64) {
                                shallow |= 1L << depth;
                            } else {
                                objects = objects != null ? objects : new long[(MAX_DEPTH >> 6) + 1];
                                objects[depth >> 6] |= 1L << depth;
                            }
                            i++;
                            state = KEY_OR_END_OBJECT;
                        }
                        case '[' -> {
                            if (++depth > MAX_DEPTH) {
                                return declined(b, w, run, to);
                            }
                            if (depth < 64) {
                                shallow &= ~(1L << depth);
                            } else {
                                objects = objects != null ? objects : new long[(MAX_DEPTH >> 6) + 1];
                                objects[depth >> 6] &= ~(1L << depth);
                            }
                            i++;
                            state = VALUE_OR_END_ARRAY;
                        }
                        case '"' -> {
                            i = string(b, from, i, to, MAX_STRING);
                            if (i < 0) {
                                return declined(b, w, run, to);
                            }
                            state = AFTER_VALUE;
                        }
                        case 't' -> {
                            i = literal(b, from, i, to, "true");
                            state = AFTER_VALUE;
                        }
                        case 'f' -> {
                            i = literal(b, from, i, to, "false");
                            state = AFTER_VALUE;
                        }
                        case 'n' -> {
                            i = literal(b, from, i, to, "null");
                            state = AFTER_VALUE;
                        }
                        default -> {
                            if (c != '-' && (c < '0' || c > '9')) {
                                throw error(b, from, i, "unexpected character " + describe(c) + "; expected a value");
                            }
                            i = number(b, from, i, to);
                            if (i < 0) {
                                return declined(b, w, run, to);
                            }
                            state = AFTER_VALUE;
                        }
                    }
                    seenValue = true;
                }
                case KEY, KEY_OR_END_OBJECT -> {
                    if (c == '}' && state == KEY_OR_END_OBJECT) {
                        depth--;
                        i++;
                        state = AFTER_VALUE;
                    } else if (c == '"') {
                        int start = i;
                        i = string(b, from, i, to, MAX_NAME);
                        if (i < 0 || (topLevelTimestampDeclines && depth == 1 && isTimestamp(b, start, i))) {
                            return declined(b, w, run, to);
                        }
                        state = COLON;
                    } else {
                        throw error(b, from, i, "unexpected character " + describe(c)
                                + (state == KEY ? "; expected a field name (no trailing comma)"
                                        : "; expected a field name or '}'"));
                    }
                }
                case COLON -> {
                    if (c != ':') {
                        throw error(b, from, i, "unexpected character " + describe(c) + "; expected ':'");
                    }
                    i++;
                    state = VALUE;
                }
                default -> { // AFTER_VALUE
                    if (depth == 0) {
                        throw error(b, from, i, "trailing content " + describe(c) + " after the JSON value");
                    }
                    boolean inObject = ((depth < 64 ? shallow : objects[depth >> 6]) & (1L << depth)) != 0;
                    if (c == ',') {
                        i++;
                        state = inObject ? KEY : VALUE;
                    } else if (c == (inObject ? '}' : ']')) {
                        depth--;
                        i++;
                    } else {
                        throw error(b, from, i, "unexpected character " + describe(c) + "; expected ',' or "
                                + (inObject ? "'}'" : "']'"));
                    }
                }
            }
        }
        if (!seenValue) {
            throw error(b, from, i, "empty body; expected a JSON value");
        }
        if (depth > 0 || state != AFTER_VALUE) {
            throw error(b, from, i, "body ended inside a JSON value");
        }
        if (w != run) {
            System.arraycopy(b, run, b, w, to - run);
        }
        return w + (to - run);
    }

    /** Moves the rest down so the value is contiguous again, and returns the declined marker. */
    private static int declined(byte[] b, int w, int run, int to) {
        if (w != run) {
            System.arraycopy(b, run, b, w, to - run);
        }
        return ~(w + (to - run));
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    /** Scans the string whose quote is at {@code i}; returns the offset after its closing quote, or -1 to decline. */
    private static int string(byte[] b, int from, int i, int to, int maxBytes) throws MalformedJsonException {
        int start = i;
        i++;
        while (true) {
            // Eight plain bytes at a time: no quote, backslash, control character or high bit.
            // The lowest flagged byte is exact (borrows only flag bytes above a true one), so jump to it.
            while (i + 8 <= to) {
                long x = Words.at(b, i);
                long special = (Words.zeroByte(x ^ Words.QUOTES) | Words.zeroByte(x ^ Words.BACKSLASHES)
                        | ((x - SPACES) & ~x) | x) & Words.HIGH;
                if (special != 0) {
                    i += Long.numberOfTrailingZeros(special) >>> 3;
                    break;
                }
                i += 8;
            }
            if (i >= to) {
                throw error(b, from, to, "body ended inside a string");
            }
            byte c = b[i];
            if (c == '"') {
                return i + 1 - start - 2 > maxBytes ? -1 : i + 1;
            } else if (c == '\\') {
                if (i + 1 >= to) {
                    throw error(b, from, to, "body ended inside a string escape");
                }
                byte e = b[i + 1];
                switch (e) {
                    case '"', '\\', 'b', 'f', 'n', 'r', 't' -> i += 2; // Jackson writes these the same
                    case 'u' -> {
                        for (int k = 2; k < 6; k++) {
                            if (i + k >= to || Character.digit(b[i + k], 16) < 0) {
                                throw error(b, from, Math.min(i + k, to), "bad \\u escape: expected 4 hex digits");
                            }
                        }
                        return -1; // valid, but Jackson re-spells it
                    }
                    case '/' -> {
                        return -1; // valid, but Jackson writes a plain '/'
                    }
                    default -> throw error(b, from, i, "unrecognized escape \\" + describe(e) + " in a string");
                }
            } else if (c >= 0 && c < 0x20) {
                throw error(b, from, i, "unescaped control character " + describe(c) + " in a string");
            } else if (c < 0) {
                int n = Utf8.sequenceLength(b, i, to);
                if (n < 0) {
                    throw error(b, from, i, "invalid UTF-8 in a string");
                }
                if (n == 4) {
                    return -1; // valid, but Jackson writes a character above U+FFFF as two \\u escapes
                }
                i += n;
            } else {
                i++;
            }
        }
    }

    private static int literal(byte[] b, int from, int i, int to, String word) throws MalformedJsonException {
        int n = word.length();
        for (int k = 0; k < n; k++) {
            if (i + k >= to || b[i + k] != word.charAt(k)) {
                throw error(b, from, i, "unrecognized token; expected " + word);
            }
        }
        return i + n;
    }

    /** Scans a number; returns the offset after it, or -1 to decline ({@code -0}, or long enough for Jackson's limit). */
    private static int number(byte[] b, int from, int i, int to) throws MalformedJsonException {
        int start = i;
        if (b[i] == '-') {
            i++;
        }
        if (i >= to || b[i] < '0' || b[i] > '9') {
            throw error(b, from, start, "a '-' not followed by a digit (NaN and Infinity are not JSON)");
        }
        boolean integerZero = b[i] == '0';
        i++;
        if (integerZero) {
            if (i < to && b[i] >= '0' && b[i] <= '9') {
                throw error(b, from, start, "leading zero in a number");
            }
        } else {
            i = digitRun(b, i, to);
        }
        boolean integer = true;
        if (i < to && b[i] == '.') {
            integer = false;
            i = digits(b, from, i + 1, to, "a fraction needs a digit after '.'");
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            integer = false;
            i++;
            if (i < to && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            i = digits(b, from, i, to, "an exponent needs a digit");
        }
        if (i - start > MAX_NUMBER || (integer && integerZero && b[start] == '-')) {
            return -1; // near Jackson's number limit, or "-0" (Jackson writes the integer as 0)
        }
        return i;
    }

    private static int digits(byte[] b, int from, int i, int to, String missing) throws MalformedJsonException {
        if (i >= to || b[i] < '0' || b[i] > '9') {
            throw error(b, from, i, missing);
        }
        return digitRun(b, i + 1, to);
    }

    /** The offset of the first non-digit at or after {@code i}; eight bytes at a time. */
    private static int digitRun(byte[] b, int i, int to) {
        while (i + 8 <= to) {
            long x = Words.at(b, i);
            // A byte outside '0'..'9' sets its high bit; carries and borrows start only at such a byte.
            long other = ((x + DIGIT_HIGH) | (x - DIGIT_LOW)) & Words.HIGH;
            if (other != 0) {
                return i + (Long.numberOfTrailingZeros(other) >>> 3);
            }
            i += 8;
        }
        while (i < to && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }

    /** The offset of the first non-whitespace byte at or after {@code i}; indentation eight bytes at a time. */
    private static int skipSpace(byte[] b, int i, int to) {
        while (i + 8 <= to) {
            long notSpace = Words.at(b, i) ^ SPACES;
            if (notSpace == 0) {
                i += 8;
                continue;
            }
            i += Long.numberOfTrailingZeros(notSpace) >>> 3;
            if (!isSpace(b[i])) {
                return i;
            }
            i++;
        }
        while (i < to && isSpace(b[i])) {
            i++;
        }
        return i;
    }

    private static boolean isTimestamp(byte[] b, int quote, int after) {
        int len = after - quote - 2;
        if (len != TIMESTAMP.length) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if (b[quote + 1 + k] != TIMESTAMP[k]) {
                return false;
            }
        }
        return true;
    }

    private static String describe(byte c) {
        return c >= 0x21 && c < 0x7F ? "'" + (char) c + "'" : String.format("0x%02X", c & 0xFF);
    }

    private static MalformedJsonException error(byte[] b, int from, int at, String what) {
        return new MalformedJsonException(what, at - from);
    }
}
