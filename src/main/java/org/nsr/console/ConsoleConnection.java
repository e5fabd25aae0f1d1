package org.nsr.console;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One remote console connection. Its own thread reads lines: the first must be {@code auth TOKEN}
 * when a token is set; {@code cancel} interrupts the running command; every other line joins this
 * connection's queue of commands, which run one after another on the shared bounded query pool,
 * so a long query never holds up another connection's reader or the recorder. Replies go through
 * one lock so lines of two writers never interleave.
 */
final class ConsoleConnection implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ConsoleConnection.class);
    static final int AUTH_TIMEOUT_MS = 10_000;
    /** Lines a client may send ahead of the running command; more is a misbehaving client. */
    static final int MAX_PENDING = 64;
    static final int MAX_LINE = 64 * 1024;

    private final Socket socket;
    private final String token;
    private final CommandSession session;
    private final ConnectionSubscriptions subscriptions; // null when the console has no live records
    private final ExecutorService queries;
    private final ConsoleStats stats;
    private final ReentrantLock outputLock = new ReentrantLock();
    private final ArrayDeque<String> pending = new ArrayDeque<>();
    private final WatchedOutputStream socketOut;
    private final OutputStream out;
    private boolean busy; // guarded by pending
    private volatile Thread running;
    private volatile boolean closed;

    /**
     * @param subscriptions builds this connection's subscriptions on the given output; null for none
     */
    ConsoleConnection(Socket socket, String token, CommandParser parser, ConsoleBackend backend,
            java.util.function.BiFunction<Subscription.Output, String, ConnectionSubscriptions> subscriptions,
            ExecutorService queries, ConsoleStats stats) throws IOException {
        this.socket = socket;
        this.token = token;
        this.queries = queries;
        this.stats = stats;
        this.socketOut = new WatchedOutputStream(socket.getOutputStream());
        // The connection's bounded output buffer: a client that reads slowly blocks only this
        // connection's writes (a subscription's own buffer then fills and it is dropped).
        this.out = new BufferedOutputStream(socketOut, 1 << 16);
        this.subscriptions = subscriptions == null ? null
                : subscriptions.apply(this::writeLines, String.valueOf(socket.getRemoteSocketAddress()));
        this.session = new CommandSession(parser, backend, this.subscriptions);
    }

    /** How long a write to this client has been blocked (0 when none is); for the write timeout. */
    long blockedWriteNanos(long nowNanos) {
        return socketOut.blockedNanos(nowNanos);
    }

    /** A subscription's lines, written under the output lock (see {@link Subscription.Output}). */
    private boolean writeLines(List<byte[]> lines, String finalLine, boolean flush,
            java.util.function.BooleanSupplier wanted) {
        try {
            while (!outputLock.tryLock(20, TimeUnit.MILLISECONDS)) {
                if (closed || !wanted.getAsBoolean()) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            if (closed || !wanted.getAsBoolean()) {
                return false;
            }
            for (byte[] l : lines) {
                out.write(l);
                out.write('\n');
            }
            if (finalLine != null) {
                out.write((finalLine + "\n").getBytes(StandardCharsets.UTF_8));
            }
            if (flush || finalLine != null) {
                out.flush();
            }
            return true;
        } catch (IOException e) {
            close();
            return false;
        } finally {
            outputLock.unlock();
        }
    }

    ConnectionSubscriptions subscriptions() {
        return subscriptions;
    }

    @Override
    public void run() {
        String peer = String.valueOf(socket.getRemoteSocketAddress());
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8), 8192);
            if (token != null && !authenticated(in, peer)) {
                return;
            }
            for (String line = readLine(in); line != null && !closed; line = readLine(in)) {
                if (line.strip().equalsIgnoreCase("cancel")) {
                    Thread t = running;
                    if (t != null) {
                        t.interrupt();
                    }
                    if (subscriptions != null) {
                        subscriptions.cancelAll();
                    }
                    continue;
                }
                if (!enqueue(line)) {
                    reply("error: more than " + MAX_PENDING + " commands waiting; closing the connection");
                    return;
                }
            }
        } catch (IOException e) {
            if (!closed) {
                log.debug("console connection {} ended: {}", peer, e.toString());
            }
        } finally {
            closed = true;
            Thread t = running;
            if (t != null) {
                t.interrupt();
            }
            if (subscriptions != null) {
                subscriptions.closeAll();
            }
            stats.disconnected();
        }
    }

    private boolean authenticated(BufferedReader in, String peer) throws IOException {
        socket.setSoTimeout(AUTH_TIMEOUT_MS);
        String first;
        try {
            first = readLine(in);
        } catch (SocketTimeoutException e) {
            first = null;
        }
        socket.setSoTimeout(0);
        String given = first != null && first.startsWith("auth ") ? first.substring(5).strip() : "";
        if (first != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8))) {
            reply("ok 0");
            return true;
        }
        stats.authFailed();
        log.warn("console connection from {} refused: {} (counted in nsr_console_connections_total{{result="
                + "\"auth_failed\"}})", peer, first == null ? "no auth line" : "wrong token");
        reply("error: auth: expected 'auth TOKEN' with the recorder's console.token as the first line");
        return false;
    }

    /** A line, or null at the end; a line longer than {@link #MAX_LINE} ends the connection. */
    private static String readLine(BufferedReader in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                return sb.length() == 0 ? null : sb.toString();
            }
            if (c == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            if (sb.length() >= MAX_LINE) {
                throw new IOException("a line longer than " + MAX_LINE + " characters");
            }
            sb.append((char) c);
        }
    }

    private boolean enqueue(String line) {
        synchronized (pending) {
            if (pending.size() >= MAX_PENDING) {
                return false;
            }
            pending.add(line);
            if (busy) {
                return true;
            }
            busy = true;
        }
        try {
            queries.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (pending) {
                pending.clear();
                busy = false;
            }
            stats.rejectedQuery();
            reply("error: the console's query pool is full (Recorder.data.console.query_threads); try again");
        }
        return true;
    }

    /** Runs the queued lines in order, on a query pool thread. */
    private void drain() {
        while (true) {
            String line;
            synchronized (pending) {
                line = pending.poll();
                if (line == null || closed) {
                    busy = false;
                    return;
                }
            }
            running = Thread.currentThread();
            outputLock.lock();
            try {
                CommandSession.Outcome o = session.execute(line, out);
                stats.command(o);
                if (o == CommandSession.Outcome.QUIT) {
                    close();
                }
            } catch (IOException e) {
                close(); // the client is gone
            } finally {
                outputLock.unlock();
                running = null;
                Thread.interrupted(); // a late cancel must not reach the next line
            }
        }
    }

    /** Writes one final line, under the output lock. */
    boolean reply(String line) {
        try {
            if (!outputLock.tryLock(100, TimeUnit.MILLISECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            outputLock.unlock();
        }
    }

    /** Interrupts the command running, if any; from the server's stop, before subscriptions finish. */
    void interruptRunning() {
        Thread t = running;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Tells the client why and closes; from the server's stop. */
    void stop(String why) {
        Thread t = running;
        if (t != null) {
            t.interrupt();
        }
        reply("error: " + why);
        close();
    }

    void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
