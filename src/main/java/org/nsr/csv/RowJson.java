package org.nsr.csv;

import java.util.List;

/**
 * A CSV row as one JSON object of typed values, in header order: an empty cell is {@code null},
 * {@code True}/{@code False} (any case) a boolean, a cell written as a JSON number a number
 * (integers with a leading zero stay strings, so codes such as {@code 007} keep their text), and
 * anything else a string. Typing is per cell, so a malformed value ({@code "corrupted"} where an
 * IP belongs, {@code "abc"} as a size) is kept as the string it is. Stateless.
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
