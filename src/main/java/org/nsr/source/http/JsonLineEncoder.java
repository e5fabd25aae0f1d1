package org.nsr.source.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.nsr.record.codec.ErrorLine;
import org.nsr.record.codec.JsonCompactor;
import org.nsr.record.codec.LineKeys;

/**
 * Turns a response body into the record line. The body is read once into the line's own buffer
 * and {@link JsonCompactor} validates and compacts it there, in place, at memory speed; what the
 * compactor declines (escapes Jackson re-spells, values near Jackson's limits) goes the Jackson
 * way: the parser reads it token by token and the generator writes the compact wrapped line.
 * Both ways give the same bytes. Memory is the line plus, on the Jackson way, its re-encoding;
 * the caller bounds the input with {@link LimitedInputStream}.
 *
 * <p>Numbers are copied exactly as written (no double round-trip), strings are re-escaped the
 * way Jackson writes them (non-ASCII stays UTF-8, as orjson writes it). Thread-safe: the factory
 * is shared, parser and generator are per call.
 */
final class JsonLineEncoder {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .build();
    private static final int PREFIX_ALLOWANCE = 128;

    private JsonLineEncoder() {
    }

    /**
     * @param body the body stream (already size-limited); not closed here
     * @param sizeHint expected body length, or -1 if unknown; pre-sizes the line buffer
     * @throws com.fasterxml.jackson.core.JsonProcessingException the body is not one complete JSON
     *     value, or not an object when {@code wrap} is {@link BodyWrap#MERGE}
     * @throws IOException reading the body failed (including {@link BodyTooLargeException})
     */
    static HttpPollRecord encode(InputStream body, long timestampMillis, BodyWrap wrap, String field, long sizeHint)
            throws IOException {
        byte[] prefix = prefix(timestampMillis, wrap, field);
        // The body lands where the compact line needs it: behind the prefix (field), or with its
        // '{' where the prefix's ',' goes (merge). Compaction moves bytes down only, in place.
        int at = wrap == BodyWrap.FIELD ? prefix.length : prefix.length - 1;
        byte[] buf = new byte[at + (sizeHint > 0 && sizeHint < Integer.MAX_VALUE - 2L * PREFIX_ALLOWANCE
                ? (int) sizeHint : 8192) + 2];
        int bodyEnd = at;
        int n;
        while ((n = body.read(buf, bodyEnd, buf.length - 1 - bodyEnd)) >= 0) {
            bodyEnd += n;
            if (bodyEnd == buf.length - 1) {
                buf = Arrays.copyOf(buf, buf.length + (buf.length >> 1) + 2);
            }
        }
        int end = JsonCompactor.compact(buf, at, bodyEnd, wrap == BodyWrap.MERGE);
        if (end < 0 || (wrap == BodyWrap.MERGE && buf[at] != '{')) {
            end = end < 0 ? ~end : end;
            return encodeWithJackson(new ByteArrayInputStream(buf, at, end - at), timestampMillis, wrap, field,
                    end - at);
        }
        if (wrap == BodyWrap.FIELD) {
            System.arraycopy(prefix, 0, buf, 0, prefix.length);
            buf[end] = '}';
            return new HttpPollRecord(timestampMillis, buf, end + 1);
        }
        if (end - at == 2) { // {} merged: the timestamp alone
            System.arraycopy(prefix, 0, buf, 0, at);
            buf[at] = '}';
            return new HttpPollRecord(timestampMillis, buf, at + 1);
        }
        System.arraycopy(prefix, 0, buf, 0, prefix.length); // its ',' replaces the body's '{'
        return new HttpPollRecord(timestampMillis, buf, end);
    }

    /** What precedes the body on the line, spelled as Jackson writes it. */
    private static byte[] prefix(long timestampMillis, BodyWrap wrap, String field) {
        StringBuilder sb = new StringBuilder(PREFIX_ALLOWANCE).append("{\"").append(LineKeys.TIMESTAMP).append("\":")
                .append(timestampMillis).append(',');
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (wrap == BodyWrap.MERGE) {
            return head;
        }
        byte[] name = JsonStringEncoder.getInstance().quoteAsUTF8(field);
        byte[] out = Arrays.copyOf(head, head.length + name.length + 3);
        out[head.length] = '"';
        System.arraycopy(name, 0, out, head.length + 1, name.length);
        out[out.length - 2] = '"';
        out[out.length - 1] = ':';
        return out;
    }

    /** The Jackson path: parse and re-encode token by token, for what the fast compactor declines. */
    static HttpPollRecord encodeWithJackson(InputStream body, long timestampMillis, BodyWrap wrap, String field,
            long sizeHint) throws IOException {
        ByteSink sink = new ByteSink(sizeHint > 0 && sizeHint < Integer.MAX_VALUE - PREFIX_ALLOWANCE
                ? (int) sizeHint + PREFIX_ALLOWANCE : 8192);
        try (JsonParser parser = FACTORY.createParser(body);
                JsonGenerator gen = FACTORY.createGenerator(sink, JsonEncoding.UTF8)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new JsonParseException(parser, "empty body; expected a JSON value");
            }
            gen.writeStartObject();
            gen.writeNumberField(LineKeys.TIMESTAMP, timestampMillis);
            if (wrap == BodyWrap.FIELD) {
                gen.writeFieldName(field);
                copyExact(parser, gen);
            } else {
                if (first != JsonToken.START_OBJECT) {
                    throw new JsonParseException(parser, "body is a JSON " + describe(first)
                            + "; wrap: merge needs a JSON object");
                }
                JsonToken t;
                while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
                    if (LineKeys.TIMESTAMP.equals(parser.currentName())) {
                        parser.nextToken();
                        parser.skipChildren(); // our poll timestamp wins; never write the key twice
                        continue;
                    }
                    gen.writeFieldName(parser.currentName());
                    parser.nextToken();
                    copyExact(parser, gen);
                }
                if (t != JsonToken.END_OBJECT) {
                    throw new JsonParseException(parser, "unexpected token " + t + " in body object");
                }
            }
            gen.writeEndObject();
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new JsonParseException(parser, "trailing content after the JSON value: " + trailing);
            }
        }
        return new HttpPollRecord(timestampMillis, sink.array(), sink.size());
    }

    /** The error line written for a failed poll when {@code record_errors: true}. */
    static HttpPollRecord errorLine(long timestampMillis, FailureKind kind, String message, Integer status) {
        byte[] line = new ErrorLine(timestampMillis, kind.label(), message, status).encode();
        return new HttpPollRecord(timestampMillis, line, line.length);
    }

    /** Copies the value at the parser's current token, keeping every number's text as sent. */
    private static void copyExact(JsonParser parser, JsonGenerator gen) throws IOException {
        JsonToken t = parser.currentToken();
        if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
            copyToken(parser, gen, t);
            return;
        }
        int depth = 0;
        do {
            JsonToken tok = parser.currentToken();
            if (tok == JsonToken.START_OBJECT || tok == JsonToken.START_ARRAY) {
                depth++;
            } else if (tok == JsonToken.END_OBJECT || tok == JsonToken.END_ARRAY) {
                depth--;
            }
            copyToken(parser, gen, tok);
            if (depth == 0) {
                return;
            }
        } while (parser.nextToken() != null);
        throw new JsonParseException(parser, "body ended inside a JSON value");
    }

    private static void copyToken(JsonParser parser, JsonGenerator gen, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            // The literal as sent: no double or BigDecimal round-trip that could re-spell it.
            gen.writeNumber(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        } else {
            gen.copyCurrentEvent(parser); // integers keep their exact value, strings are re-escaped
        }
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }
}
