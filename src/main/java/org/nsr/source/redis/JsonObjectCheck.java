package org.nsr.source.redis;

/**
 * Tells whether bytes are exactly one well-formed JSON object (RFC 8259 grammar: strings with
 * their escapes, numbers, literals, nesting, whitespace), as Jackson's parser would accept it, by
 * one pass over the bytes. By hand because it runs for every stream entry: a Jackson parser per
 * entry (creation and encoding detection included) was a third of the Redis source's thread.
 * Like Jackson skipping a value, it does not decode UTF-8 inside strings. Stateless.
 */
final class JsonObjectCheck {
    private static final int MAX_DEPTH = 1000;

    private JsonObjectCheck() {
    }

    static boolean isObject(byte[] b) {
        int i = space(b, 0);
        if (i >= b.length || b[i] != '{') {
            return false;
        }
        i = value(b, i, 0);
        return i >= 0 && space(b, i) == b.length;
    }

    /** The index after the value starting at {@code i}, or -1. */
    private static int value(byte[] b, int i, int depth) {
        if (i >= b.length || depth > MAX_DEPTH) {
            return -1;
        }
        switch (b[i]) {
            case '{':
                return container(b, i, depth, '}', true);
            case '[':
                return container(b, i, depth, ']', false);
            case '"':
                return string(b, i);
            case 't':
                return literal(b, i, "true");
            case 'f':
                return literal(b, i, "false");
            case 'n':
                return literal(b, i, "null");
            default:
                return number(b, i);
        }
    }

    private static int container(byte[] b, int i, int depth, char close, boolean object) {
        i = space(b, i + 1);
        if (i < b.length && b[i] == close) {
            return i + 1;
        }
        while (true) {
            if (object) {
                if (i >= b.length || b[i] != '"') {
                    return -1;
                }
                i = space(b, string(b, i));
                if (i < 0 || i >= b.length || b[i] != ':') {
                    return -1;
                }
                i = space(b, i + 1);
            }
            i = value(b, i, depth + 1);
            if (i < 0) {
                return -1;
            }
            i = space(b, i);
            if (i >= b.length) {
                return -1;
            }
            if (b[i] == close) {
                return i + 1;
            }
            if (b[i] != ',') {
                return -1;
            }
            i = space(b, i + 1);
        }
    }

    private static int string(byte[] b, int i) {
        if (i < 0) {
            return -1;
        }
        for (i++; i < b.length; i++) {
            int c = b[i] & 0xFF;
            if (c == '"') {
                return i + 1;
            }
            if (c < 0x20) {
                return -1;
            }
            if (c == '\\') {
                if (++i >= b.length) {
                    return -1;
                }
                switch (b[i]) {
                    case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                    }
                    case 'u' -> {
                        if (i + 4 >= b.length) {
                            return -1;
                        }
                        for (int k = 1; k <= 4; k++) {
                            if (Character.digit(b[i + k], 16) < 0) {
                                return -1;
                            }
                        }
                        i += 4;
                    }
                    default -> {
                        return -1;
                    }
                }
            }
        }
        return -1;
    }

    private static int literal(byte[] b, int i, String word) {
        if (i + word.length() > b.length) {
            return -1;
        }
        for (int k = 0; k < word.length(); k++) {
            if (b[i + k] != word.charAt(k)) {
                return -1;
            }
        }
        return i + word.length();
    }

    /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?} */
    private static int number(byte[] b, int i) {
        if (i < b.length && b[i] == '-') {
            i++;
        }
        if (i >= b.length || !digit(b[i])) {
            return -1;
        }
        if (b[i] == '0') {
            i++;
        } else {
            i = digits(b, i);
        }
        if (i < b.length && b[i] == '.') {
            int f = i + 1;
            i = digits(b, f);
            if (i == f) {
                return -1;
            }
        }
        if (i < b.length && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < b.length && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int e = i;
            i = digits(b, e);
            if (i == e) {
                return -1;
            }
        }
        return i;
    }

    private static int digits(byte[] b, int i) {
        while (i < b.length && digit(b[i])) {
            i++;
        }
        return i;
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static int space(byte[] b, int i) {
        if (i < 0) {
            return -1;
        }
        while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
            i++;
        }
        return i;
    }
}
