package org.nsr.record.codec;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The line a failed poll leaves when {@code record_errors: true}:
 * {@code {"timestamp":<epoch ms>,"error":{"kind":"timeout","message":"...","status":503}}}, status
 * null when there was no HTTP answer. Rare lines, so both directions use Jackson (the message needs
 * real JSON escaping). Immutable.
 *
 * @param status the HTTP status, or null
 */
public record ErrorLine(long timestampMillis, String kind, String message, Integer status) {
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] ERROR = LineKeys.bytes(LineKeys.ERROR);

    public static final LineKind KIND = new LineKind() {
        @Override
        public String name() {
            return "error";
        }

        @Override
        public boolean matches(byte[] b, int off, int end, Flow scratch) {
            int v = JsonScan.valueStart(b, off, end, ERROR);
            return v >= 0 && b[v] == '{';
        }

        @Override
        public String toString() {
            return name();
        }
    };

    /** The line's bytes, without newline. */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + message.length());
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeNumberField(LineKeys.TIMESTAMP, timestampMillis);
            g.writeObjectFieldStart(LineKeys.ERROR);
            g.writeStringField(LineKeys.ERROR_KIND, kind);
            g.writeStringField(LineKeys.ERROR_MESSAGE, message);
            g.writeFieldName(LineKeys.ERROR_STATUS);
            if (status == null) {
                g.writeNull();
            } else {
                g.writeNumber(status);
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** Null when the line is not an error line (no error object, no kind, or not valid JSON). */
    public static ErrorLine decode(byte[] b, int off, int len) {
        int end = off + len;
        int v = JsonScan.valueStart(b, off, end, ERROR);
        long ts = JsonScan.timestampNanos(b, off, len);
        if (v < 0 || b[v] != '{' || ts == JsonScan.NO_TIMESTAMP) {
            return null;
        }
        String kind = null;
        String message = null;
        Integer status = null;
        try (JsonParser p = JSON.createParser(b, v, JsonScan.valueEnd(b, v, end) - v)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (LineKeys.ERROR_KIND.equals(name) && t == JsonToken.VALUE_STRING) {
                    kind = p.getText();
                } else if (LineKeys.ERROR_MESSAGE.equals(name) && t == JsonToken.VALUE_STRING) {
                    message = p.getText();
                } else if (LineKeys.ERROR_STATUS.equals(name) && t == JsonToken.VALUE_NUMBER_INT) {
                    status = p.getIntValue();
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return kind == null ? null : new ErrorLine(Math.floorDiv(ts, 1_000_000L), kind, message == null ? "" : message,
                status);
    }
}
