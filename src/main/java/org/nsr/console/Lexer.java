package org.nsr.console;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a console line into words (runs of non-blank characters) and quoted strings
 * ({@code "..."} with {@code \"} and {@code \\} escapes). Stateless.
 */
final class Lexer {
    private Lexer() {
    }

    static List<Token> split(String line) throws ParseException {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (c == '"') {
                StringBuilder text = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = line.charAt(i);
                    if (d == '\\' && i + 1 < n && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                        text.append(line.charAt(i + 1));
                        i += 2;
                    } else if (d == '"') {
                        i++;
                        closed = true;
                        break;
                    } else {
                        text.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw new ParseException(n + 1, "a closing '\"' for the string at column " + (start + 1),
                            "the end of the line");
                }
                if (i < n && !Character.isWhitespace(line.charAt(i))) {
                    throw new ParseException(i + 1, "a blank after the closing '\"'", "'" + line.charAt(i) + "'");
                }
                out.add(new Token(text.toString(), start + 1, true));
            } else {
                while (i < n && !Character.isWhitespace(line.charAt(i))) {
                    if (line.charAt(i) == '"') {
                        throw new ParseException(i + 1, "a blank before the '\"'", "'"
                                + line.substring(start, i + 1) + "'");
                    }
                    i++;
                }
                out.add(new Token(line.substring(start, i), start + 1, false));
            }
        }
        return out;
    }
}
