package org.nsr.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.nsr.config.ConfigException;

/**
 * The client side of a recorder's remote console ({@code nsr console --connect}): sends each line,
 * copies the reply up to its final line ({@code ok N} or {@code error: ...}). Ctrl-C sends
 * {@code cancel}, which the recorder applies to the running line. One console thread calls
 * {@link #execute}; {@link #cancel} may come from another.
 */
public final class RemoteExecutor implements LineExecutor {
    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private final Socket socket;
    private final BufferedReader in;
    private final Writer out;

    private RemoteExecutor(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Connects to {@code hostPort} and, with a token, authenticates; a refusal is a ConfigException. */
    public static RemoteExecutor connect(String option, String hostPort, String token)
            throws ConfigException, IOException {
        int colon = hostPort.lastIndexOf(':');
        int port = -1;
        try {
            port = colon < 0 ? -1 : Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            // the message below
        }
        if (colon <= 0 || port < 1 || port > 65_535) {
            throw new ConfigException(option + ": '" + hostPort + "' is not an address; expected HOST:PORT such as "
                    + "127.0.0.1:42042");
        }
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(hostPort.substring(0, colon), port), CONNECT_TIMEOUT_MS);
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot connect to " + hostPort + ": " + e.getMessage(), e);
        }
        RemoteExecutor r = new RemoteExecutor(s);
        if (token != null) {
            ByteCollector reply = new ByteCollector();
            if (r.execute("auth " + token, reply) != CommandSession.Outcome.OK) {
                r.close();
                throw new ConfigException(option + ": " + hostPort + " refused the token: " + reply.text().strip());
            }
        }
        return r;
    }

    @Override
    public CommandSession.Outcome execute(String line, OutputStream reply) throws IOException {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return CommandSession.Outcome.OK; // the server would not answer either
        }
        synchronized (out) {
            out.write(line.replace('\n', ' ') + "\n");
            out.flush();
        }
        while (true) {
            String r = in.readLine();
            if (r == null) {
                throw new IOException("the recorder closed the console connection");
            }
            reply.write((r + "\n").getBytes(StandardCharsets.UTF_8));
            if (r.startsWith("ok ") || r.equals("ok")) {
                reply.flush();
                return trimmed.equalsIgnoreCase("quit") || trimmed.equalsIgnoreCase("exit")
                        ? CommandSession.Outcome.QUIT : CommandSession.Outcome.OK;
            }
            if (r.startsWith("error: ")) {
                reply.flush();
                return CommandSession.Outcome.ERROR;
            }
        }
    }

    @Override
    public void cancel() {
        try {
            synchronized (out) {
                out.write("cancel\n");
                out.flush();
            }
        } catch (IOException e) {
            // the connection is gone; the waiting execute sees it
        }
    }

    @Override
    public List<String> sourceNames() {
        return List.of(); // not asked over the wire: a completion must not wait on the network
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Collects a reply in memory. */
    static final class ByteCollector extends java.io.ByteArrayOutputStream {
        String text() {
            return toString(StandardCharsets.UTF_8);
        }
    }
}
