package org.nsr.tools.push;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One lane's HTTP/1.1 keep-alive connection for {@code POST /flows}: the request head and the
 * pre-encoded body go out in one write, and the answer is read by its {@code Content-Length}.
 * The JDK's {@code HttpClient} cost the load tool 3.5 µs of CPU per record (1.75 ms per POST of
 * 500 records), as much as the server it measures on the same two cores; this costs a copy.
 * Reconnects once when the server closed an idle connection. Not thread-safe: one per lane.
 */
final class PostConnection implements AutoCloseable {
    /** The answer: status, the {@code Retry-After} seconds (or 1), and the body text. */
    record Answer(int status, long retryAfterSeconds, String body) {
    }

    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final int MAX_BODY_BYTES = 1024 * 1024;

    private final URI base;
    private final byte[] headPrefix;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    PostConnection(URI base, String token) {
        this.base = base;
        String host = base.getHost() + (base.getPort() > 0 ? ":" + base.getPort() : "");
        String head = "POST /flows HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                + (token != null ? "Authorization: Bearer " + token + "\r\n" : "") + "Content-Length: ";
        this.headPrefix = head.getBytes(StandardCharsets.US_ASCII);
    }

    Answer post(byte[] body) throws IOException {
        boolean fresh = socket == null;
        try {
            return exchange(body);
        } catch (IOException e) {
            close();
            // A timeout means the server may have taken the POST: sending it again could count it twice.
            if (fresh || e instanceof SocketTimeoutException) {
                throw e;
            }
            return exchange(body); // a kept-alive connection the server had closed
        }
    }

    private Answer exchange(byte[] body) throws IOException {
        if (socket == null) {
            connect();
        }
        byte[] length = (body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[headPrefix.length + length.length + body.length];
        System.arraycopy(headPrefix, 0, request, 0, headPrefix.length);
        System.arraycopy(length, 0, request, headPrefix.length, length.length);
        System.arraycopy(body, 0, request, headPrefix.length + length.length, body.length);
        out.write(request);
        out.flush();
        return readAnswer();
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(base.getHost(), base.getPort() > 0 ? base.getPort() : 80), 10_000);
        s.setSoTimeout(60_000);
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
        out = s.getOutputStream();
    }

    private Answer readAnswer() throws IOException {
        String statusLine = readLine(0);
        if (statusLine == null) {
            throw new IOException("connection closed before an answer");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        long contentLength = -1;
        long retryAfter = 1;
        boolean closeAfter = false;
        int headBytes = statusLine.length();
        String line;
        while ((line = readLine(headBytes)) != null && !line.isEmpty()) {
            headBytes += line.length() + 2;
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "retry-after" -> retryAfter = parseOr(value, 1);
                case "connection" -> closeAfter = value.equalsIgnoreCase("close");
                case "transfer-encoding" -> throw new IOException("chunked answers are not read: " + value);
                default -> { }
            }
        }
        if (contentLength < 0 || contentLength > MAX_BODY_BYTES) {
            throw new IOException("answer without a usable Content-Length: " + contentLength);
        }
        byte[] bodyBytes = in.readNBytes((int) contentLength);
        if (bodyBytes.length != contentLength) {
            throw new IOException("connection closed inside an answer");
        }
        if (closeAfter) {
            close();
        }
        return new Answer(status, retryAfter, new String(bodyBytes, StandardCharsets.UTF_8));
    }

    /** One CRLF-ended line without its end, or null at the end of the stream before any byte. */
    private String readLine(int headBytesSoFar) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            if (headBytesSoFar + line.size() > MAX_HEAD_BYTES) {
                throw new IOException("answer head over " + MAX_HEAD_BYTES + " bytes");
            }
        }
        if (line.size() == 0) {
            return null;
        }
        throw new IOException("connection closed inside an answer head");
    }

    private static long parseOr(String value, long fallback) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a connection we are done with: nothing to recover
            }
        }
        socket = null;
        in = null;
        out = null;
    }
}
