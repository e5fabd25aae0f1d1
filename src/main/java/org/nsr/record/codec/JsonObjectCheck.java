package org.nsr.record.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Whether bytes are exactly one JSON object, as Jackson would read it: what a source checks
 * before it puts bytes it was sent into a line as they are (the Redis source's {@code data}
 * field). The grammar is {@link JsonCompactor}'s, the one fast validator; what it declines
 * (escapes Jackson re-spells, limits, a byte-order mark) Jackson decides. Unlike Jackson skipping a
 * value, invalid UTF-8 in a string is refused: a line is UTF-8. Stateless and thread-safe.
 */
public final class JsonObjectCheck {
    /** {@link #compactObject} result: not exactly one JSON object. */
    public static final int NOT_AN_OBJECT = -1;

    private static final JsonFactory JSON = new JsonFactory();

    private JsonObjectCheck() {
    }

    /**
     * Checks {@code b[from, to)} (surrounding whitespace allowed) and compacts it in place, from
     * {@code from}: most bytes come compact, and then nothing moves.
     *
     * @return the end of the object in {@code b}, or {@link #NOT_AN_OBJECT}
     */
    public static int compactObject(byte[] b, int from, int to) {
        int end;
        try {
            end = JsonCompactor.compact(b, from, to, false);
        } catch (MalformedJsonException e) {
            return NOT_AN_OBJECT;
        }
        if (end >= 0) {
            return end > from && b[from] == '{' ? end : NOT_AN_OBJECT;
        }
        end = ~end;
        return isOneObject(b, from, end) ? end : NOT_AN_OBJECT;
    }

    /** True when Jackson reads {@code b[from..to)} as exactly one JSON object and nothing after it. */
    public static boolean isOneObject(byte[] b, int from, int to) {
        try (JsonParser p = JSON.createParser(b, from, to - from)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
