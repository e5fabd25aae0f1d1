package org.nsr.filter;

import java.util.ArrayList;
import java.util.List;

/** Splits a filter expression into words and operators, each with its 1-based column. */
final class Lexer {
    record Token(String text, int column) {
        boolean is(String s) {
            return text.equalsIgnoreCase(s);
        }
    }

    private Lexer() {
    }

    static List<Token> tokens(String expr) throws FilterSyntaxException {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = expr.length();
        while (i < n) {
            char c = expr.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                out.add(new Token(String.valueOf(c), i + 1));
                i++;
            } else if (c == '&' || c == '|') {
                if (i + 1 < n && expr.charAt(i + 1) == c) {
                    out.add(new Token(expr.substring(i, i + 2), i + 1));
                    i += 2;
                } else {
                    throw new FilterSyntaxException(expr, i + 1, "found '" + c + "'; expected '" + c + c + "'");
                }
            } else if (c == '!' || c == '<' || c == '>' || c == '=') {
                int len = i + 1 < n && expr.charAt(i + 1) == '=' ? 2 : 1;
                out.add(new Token(expr.substring(i, i + len), i + 1));
                i += len;
            } else if (isWordChar(c)) {
                int start = i;
                while (i < n && isWordChar(expr.charAt(i))) {
                    i++;
                }
                out.add(new Token(expr.substring(start, i), start + 1));
            } else {
                throw new FilterSyntaxException(expr, i + 1, "found '" + c + "'; expected a word, a number, "
                        + "an address, '(', ')', '!', '&&', '||' or a comparison");
            }
        }
        return out;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '/' || c == '-' || c == '_' || c == ':';
    }
}
