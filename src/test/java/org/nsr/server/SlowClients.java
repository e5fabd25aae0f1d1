package org.nsr.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Slow-loris clients for tests: sockets to 127.0.0.1 that send half a request header (no blank
 * line) and then hold the connection open. Closes them all at the end.
 */
public final class SlowClients implements AutoCloseable {
    /** The request from the reproduction: the header never ends. */
    public static final String HALF_HEADER = "GET /ndt/get_graph_data HTTP/1.1\r\nHost: x\r\n";
    private final List<Socket> sockets = new ArrayList<>();

    /** Opens {@code n} connections to the loopback {@code port} and sends each {@link #HALF_HEADER}. */
    public static SlowClients open(int port, int n) throws IOException {
        SlowClients c = new SlowClients();
        try {
            for (int i = 0; i < n; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                s.setSoTimeout(60_000);
                s.getOutputStream().write(HALF_HEADER.getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                c.sockets.add(s);
            }
        } catch (IOException e) {
            c.close();
            throw e;
        }
        return c;
    }

    public List<Socket> sockets() {
        return sockets;
    }

    /**
     * Reads until the server closes {@code s} (end of stream or reset) and returns what it sent
     * first; fails the read with a timeout when it is still open after {@code maxMillis}.
     */
    public static String awaitClosedByServer(Socket s, int maxMillis) throws IOException {
        s.setSoTimeout(maxMillis);
        StringBuilder got = new StringBuilder();
        byte[] buf = new byte[1024];
        try {
            int n;
            while ((n = s.getInputStream().read(buf)) != -1) {
                got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (java.net.SocketTimeoutException stillOpen) {
            throw stillOpen;
        } catch (IOException reset) {
            // a reset is a close too
        }
        return got.toString();
    }

    @Override
    public void close() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a test socket
            }
        }
    }
}
