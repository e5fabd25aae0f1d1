package org.nsr.csv;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A CSV row as one JSON object of typed values, in header order: an empty cell is {@code null},
 * {@code True}/{@code False} (any case) a boolean, a cell written as a JSON number a number
 * (integers with a leading zero stay strings, so codes such as {@code 007} keep their text), and
 * anything else a string. Typing is per cell, so a malformed value ({@code "corrupted"} where an
 * IP belongs, {@code "abc"} as a size) is kept as the string it is. Stateless.
 */
public final class RowJson {
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]{0,17})(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

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
        } else if (looksNumeric(c) && NUMBER.matcher(c).matches()) {
            sb.append(c);
        } else {
            string(sb, cell);
        }
    }

    private static boolean looksNumeric(String c) {
        char f = c.charAt(0);
        return f == '-' || (f >= '0' && f <= '9');
    }

    /** Appends {@code s} as a JSON string. */
    public static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
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
