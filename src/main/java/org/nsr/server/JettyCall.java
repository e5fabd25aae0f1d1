package org.nsr.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/** {@link HttpCall} over a Jetty request; reads the body through the size limit. */
final class JettyCall implements HttpCall {
    private final Request request;
    private final long maxBody;

    JettyCall(Request request, long maxBody) {
        this.request = request;
        this.maxBody = maxBody;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String path() {
        return request.getHttpURI().getPath();
    }

    @Override
    public String query() {
        return request.getHttpURI().getQuery();
    }

    @Override
    public String header(String name) {
        return request.getHeaders().get(name);
    }

    @Override
    public SocketAddress remoteAddress() {
        return request.getConnectionMetaData().getRemoteSocketAddress();
    }

    @Override
    public InputStream bodyStream() throws IOException {
        long declared = request.getLength();
        if (declared > maxBody) {
            throw new BodyTooLargeException(maxBody, "Content-Length " + declared);
        }
        InputStream raw = Content.Source.asInputStream(request);
        return new java.io.FilterInputStream(raw) {
            private long read;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, (int) Math.min(len, maxBody - read + 1));
                if (n > 0 && (read += n) > maxBody) {
                    throw new BodyTooLargeException(maxBody, declared < 0 ? "chunked body" : "body");
                }
                return n;
            }
        };
    }

    @Override
    public byte[] body() throws IOException {
        long declared = request.getLength();
        if (declared > maxBody) {
            throw new BodyTooLargeException(maxBody, "Content-Length " + declared);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(0, Math.min(declared, 64 * 1024)));
        byte[] buf = new byte[8192];
        try (InputStream in = Content.Source.asInputStream(request)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (out.size() + (long) n > maxBody) {
                    throw new BodyTooLargeException(maxBody, "chunked body");
                }
                out.write(buf, 0, n);
            }
        }
        return out.toByteArray();
    }
}
