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
