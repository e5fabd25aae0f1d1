package org.nsr.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The answer a handler gives: a status, a content type, extra headers and either a body held in
 * memory or a stream written while the handler's thread is held (server-sent events). Immutable;
 * the {@code with…} methods return a copy.
 */
public final class HttpReply {
    /** Writes a streamed body; flush after each event so it reaches the client. */
    @FunctionalInterface
    public interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    private final int status;
    private final String contentType;
    private final List<Map.Entry<String, String>> headers;
    private final byte[] body;
    private final BodyWriter stream;
    private final Runnable whenSent;

    private HttpReply(int status, String contentType, List<Map.Entry<String, String>> headers, byte[] body,
            BodyWriter stream, Runnable whenSent) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status " + status + " must be from 100 to 599");
        }
        this.status = status;
        this.contentType = contentType;
        this.headers = List.copyOf(headers);
        this.body = body;
        this.stream = stream;
        this.whenSent = whenSent;
    }

    /** A body held in memory; {@code body} is not copied and must not change afterwards. */
    public static HttpReply of(int status, String contentType, byte[] body) {
        return new HttpReply(status, contentType, List.of(), body, null, null);
    }

    /** A UTF-8 text body. */
    public static HttpReply text(int status, String contentType, String body) {
        return of(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A body streamed by {@code writer} on the handler's thread (chunked), e.g. server-sent events.
     * The stream holds one handler thread for its whole life, and the idle timeout still applies:
     * a long-lived stream writes something (an SSE comment line) more often than that.
     */
    public static HttpReply stream(int status, String contentType, BodyWriter writer) {
        return new HttpReply(status, contentType, List.of(), null, writer, null);
    }

    /** A copy with one more response header. */
    public HttpReply withHeader(String name, String value) {
        List<Map.Entry<String, String>> h = new ArrayList<>(headers);
        h.add(Map.entry(name, value));
        return new HttpReply(status, contentType, h, body, stream, whenSent);
    }

    /** A copy that runs {@code action} once the whole body was handed to the connection. */
    public HttpReply whenSent(Runnable action) {
        return new HttpReply(status, contentType, headers, body, stream, action);
    }

    public int status() {
        return status;
    }

    public String contentType() {
        return contentType;
    }

    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /** The in-memory body, or null for a streamed reply. */
    byte[] body() {
        return body;
    }

    BodyWriter stream() {
        return stream;
    }

    Runnable whenSentAction() {
        return whenSent;
    }
}
