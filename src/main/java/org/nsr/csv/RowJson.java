package org.nsr.csv;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.nsr.record.LineBuffer;

/**
 * A CSV row as one JSON object of typed values, in header order: an empty cell is {@code null},
 * {@code True}/{@code False} (any case) a boolean, a cell written as a JSON number a number
 * (integers with a leading zero stay strings, so codes such as {@code 007} keep their text), and
 * anything else a string. Typing is per cell, so a malformed value ({@code "corrupted"} where an
 * IP belongs, {@code "abc"} as a size) is kept as the string it is. Stateless.
 *
 * <p>Two outputs with the same rules: text ({@link #append(StringBuilder, List, String[])}) and
 * UTF-8 bytes straight into a {@link LineBuffer} ({@link #write}), which the producer uses so a
 * row's JSON never exists as a String.
 */
public final class RowJson {

    private RowJson() {
    }

    public static String of(CsvRow row) {
        StringBuilder sb = new StringBuilder(256);
        append(sb, row);
        return sb.toString();
    }

    public static void append(StringBuilder sb, CsvRow row) {
        append(sb, row.header(), row.cells);
    }

    /** Appends the row {@code cells} (as many as {@code header} has names) as one object. */
    public static void append(StringBuilder sb, List<String> header, String[] cells) {
        sb.append('{');
        for (int i = 0; i < header.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            string(sb, header.get(i));
            sb.append(':');
            value(sb, cells[i]);
        }
        sb.append('}');
    }

    /** The object's keys as UTF-8, each with what goes before it: {@code {"a":}, {@code ,"b":}, …, for {@link #write}. */
    public static byte[][] keys(List<String> header) {
        byte[][] keys = new byte[header.size()][];
        for (int i = 0; i < keys.length; i++) {
            StringBuilder sb = new StringBuilder().append(i == 0 ? '{' : ',');
            string(sb, header.get(i));
            keys[i] = sb.append(':').toString().getBytes(StandardCharsets.UTF_8);
        }
        return keys;
    }

    /** Writes the row {@code cells} (one per key of {@link #keys}) as one object in UTF-8. */
    public static void write(LineBuffer out, byte[][] keys, String[] cells) {
        if (keys.length == 0) {
            out.append((byte) '{');
        }
        for (int i = 0; i < keys.length; i++) {
            out.append(keys[i]);
            value(out, cells[i]);
        }
        out.append((byte) '}');
    }

    static void value(LineBuffer out, String cell) {
        int n = cell.length();
        String c = n > 0 && (cell.charAt(0) <= ' ' || cell.charAt(n - 1) <= ' ') ? cell.trim() : cell;
        if (c.isEmpty()) {
            out.append(NULL);
            return;
        }
        // the first char tells which rules can apply: most cells are tried against one of them, not all
        char first = c.charAt(0);
        if (first == 't' || first == 'T') {
            if (c.equalsIgnoreCase("true")) {
                out.append(TRUE);
                return;
            }
        } else if (first == 'f' || first == 'F') {
            if (c.equalsIgnoreCase("false")) {
                out.append(FALSE);
                return;
            }
        } else if ((first == '-' || isDigit(first)) && isNumber(c)) {
            out.appendAscii(c);
            return;
        }
        string(out, cell);
    }

    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Appends {@code s} as a JSON string in UTF-8. */
    public static void string(LineBuffer out, String s) {
        out.append((byte) '"');
        int n = s.length();
        int plain = out.appendJsonPlain(s); // most cells: plain ASCII, copied in the one pass that checks them
        for (int i = plain; i < n; i++) {
            char ch = s.charAt(i);
            if (ch >= 0x80) {
                int end = i + 1;
                while (end < n && s.charAt(end) >= 0x80) {
                    end++;
                }
                out.append(s.substring(i, end).getBytes(StandardCharsets.UTF_8)); // pairs of surrogates stay together
                i = end - 1;
                continue;
            }
            switch (ch) {
                case '"' -> out.append((byte) '\\').append((byte) '"');
                case '\\' -> out.append((byte) '\\').append((byte) '\\');
                case '\n' -> out.append((byte) '\\').append((byte) 'n');
                case '\r' -> out.append((byte) '\\').append((byte) 'r');
                case '\t' -> out.append((byte) '\\').append((byte) 't');
                default -> {
                    if (ch < 0x20) {
                        out.append((byte) '\\').append((byte) 'u').append((byte) '0').append((byte) '0')
                                .append(HEX[ch >> 4]).append(HEX[ch & 0xF]);
                    } else {
                        out.append((byte) ch);
                    }
                }
            }
        }
        out.append((byte) '"');
    }

    static void value(StringBuilder sb, String cell) {
        String c = cell.trim();
        if (c.isEmpty()) {
            sb.append("null");
        } else if (c.equalsIgnoreCase("true")) {
            sb.append("true");
        } else if (c.equalsIgnoreCase("false")) {
            sb.append("false");
        } else if (isNumber(c)) {
            sb.append(c);
        } else {
            string(sb, cell);
        }
    }

    /**
     * True for {@code -?(0|[1-9][0-9]{0,17})(\.[0-9]+)?([eE][+-]?[0-9]+)?}: a JSON number whose integer
     * part fits a long. By hand, not a regex: it runs for most cells of every row, and a Matcher
     * per cell was the producer's hottest spot.
     */
    static boolean isNumber(String c) {
        int n = c.length();
        int i = 0;
        if (i < n && c.charAt(i) == '-') {
            i++;
        }
        int intStart = i;
        while (i < n && isDigit(c.charAt(i))) {
            i++;
        }
        int intDigits = i - intStart;
        if (intDigits == 0 || intDigits > 18 || (intDigits > 1 && c.charAt(intStart) == '0')) {
            return false;
        }
        if (i < n && c.charAt(i) == '.') {
            int f = ++i;
            while (i < n && isDigit(c.charAt(i))) {
                i++;
            }
            if (i == f) {
                return false;
            }
        }
        if (i < n && (c.charAt(i) == 'e' || c.charAt(i) == 'E')) {
            i++;
            if (i < n && (c.charAt(i) == '+' || c.charAt(i) == '-')) {
                i++;
            }
            int e = i;
            while (i < n && isDigit(c.charAt(i))) {
                i++;
            }
            if (i == e) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char ch) {
        return ch >= '0' && ch <= '9';
    }

    /** Appends {@code s} as a JSON string. */
    public static void string(StringBuilder sb, String s) {
        sb.append('"');
        int plain = 0;
        while (plain < s.length() && s.charAt(plain) >= 0x20 && s.charAt(plain) != '"' && s.charAt(plain) != '\\') {
            plain++;
        }
        sb.append(s, 0, plain); // most cells need no escape: one copy
        for (int i = plain; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        sb.append(String.format("\\u%04x", (int) ch));
                    } else {
                        sb.append(ch);
                    }
                }
            }
        }
        sb.append('"');
    }
}
