package org.nsr.server;

import java.io.IOException;
import java.net.SocketAddress;

/** One request as a handler sees it; not thread-safe, valid only during {@link HttpHandler#handle}. */
public interface HttpCall {
    /** The method as sent, e.g. {@code GET}. */
    String method();

    /** The raw (still percent-encoded) path, e.g. {@code /ndt/get_graph_data}. */
    String path();

    /** The raw query string without {@code ?}, or null when the target had none. */
    String query();

    /** The first value of a header (case-insensitive name), or null. */
    String header(String name);

    SocketAddress remoteAddress();

    /**
     * Reads the whole request body, at most {@link HttpServerSettings#maxBodyBytes()} bytes.
     *
     * @throws BodyTooLargeException when the body is larger; the base answers 413 if it propagates
     */
    byte[] body() throws IOException;

    /**
     * The request body as a stream, for parsers that must not hold the whole body: it reads at
     * most {@link HttpServerSettings#maxBodyBytes()} bytes and then throws
     * {@link BodyTooLargeException} (the base answers 413 if it propagates).
     */
    java.io.InputStream bodyStream() throws IOException;
}
