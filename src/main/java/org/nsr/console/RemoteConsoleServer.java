package org.nsr.console;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.nsr.config.ConfigException;
import org.nsr.config.ConsoleSettings;
import org.nsr.lifecycle.AbstractService;
import org.nsr.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorder's remote console: a TCP listener speaking the console language, one line a
 * command. One acceptor thread; one thread per connection (at most {@code max_connections}; one
 * more is answered {@code error: console busy ...}, closed and counted); every command runs on a
 * bounded pool of {@code query_threads}. At stop the listener closes and every client is told
 * {@code error: recorder stopping}.
 */
public final class RemoteConsoleServer extends AbstractService {
    private static final Logger log = LoggerFactory.getLogger(RemoteConsoleServer.class);

    private final ConsoleSettings settings;
    private final ConsoleBackend backend;
    private final ConsoleStats stats;
    private final Set<ConsoleConnection> connections = ConcurrentHashMap.newKeySet();
    private final ExecutorService connectionThreads;
    private final ExecutorService queries;
    private ServerSocket server;
    private Thread acceptor;

    public RemoteConsoleServer(ConsoleSettings settings, ConsoleBackend backend, Metrics metrics) {
        super("remote console");
        this.settings = settings;
        this.backend = backend;
        this.stats = new ConsoleStats(metrics);
        // Each pool is bounded; the accept loop counts connections before it hands one on, so a
        // rejection here means a bug, answered like a busy console.
        this.connectionThreads = new ThreadPoolExecutor(0, settings.maxConnections(), 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), named("console connection"), new ThreadPoolExecutor.AbortPolicy());
        this.queries = new ThreadPoolExecutor(settings.queryThreads(), settings.queryThreads(), 0,
                TimeUnit.SECONDS, new ArrayBlockingQueue<>(settings.maxConnections()), named("console query"),
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.getLocalPort();
    }

    @Override
    protected void doStart() throws ConfigException, IOException {
        InetSocketAddress listen = settings.listen();
        ServerSocket s = new ServerSocket();
        try {
            s.bind(listen, 50);
        } catch (BindException e) {
            s.close();
            if (listen.getAddress() != null && (listen.getAddress().isAnyLocalAddress()
                    || java.net.NetworkInterface.getByInetAddress(listen.getAddress()) != null)) {
                throw new IOException("Recorder.data.console.listen: " + listen + " is taken: " + e.getMessage(), e);
            }
            throw new ConfigException("Recorder.data.console.listen: '" + listen.getHostString() + ":"
                    + listen.getPort() + "' is not an address of this machine (" + e.getMessage()
                    + "); expected a local address, or off");
        }
        server = s;
        acceptor = new Thread(this::acceptLoop, "console accept " + s.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        log.info("remote console on {}:{}{} (at most {} connections)", listen.getHostString(), port(),
                settings.token() == null ? "" : ", token required", settings.maxConnections());
        notifyStarted();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.warn("remote console: accept failed; going on", e);
                }
                continue;
            }
            if (!stats.tryConnect(settings.maxConnections())) {
                refuse(socket);
                continue;
            }
            CommandSession session = new CommandSession(new CommandParser(Clock.systemUTC(), ZoneId.systemDefault()),
                    backend);
            ConsoleConnection c = new ConsoleConnection(socket, settings.token(), session, queries, stats);
            connections.add(c);
            try {
                connectionThreads.execute(() -> {
                    try {
                        c.run();
                    } finally {
                        connections.remove(c);
                    }
                });
            } catch (RejectedExecutionException e) {
                connections.remove(c);
                stats.disconnected();
                refuse(socket);
            }
        }
    }

    private void refuse(Socket socket) {
        log.warn("remote console: refused a connection from {}: {} open (Recorder.data.console.max_connections; "
                + "counted in nsr_console_connections_total{{result=\"refused_busy\"}})",
                socket.getRemoteSocketAddress(), settings.maxConnections());
        try (socket) {
            socket.setSoTimeout(1000);
            OutputStream o = socket.getOutputStream();
            o.write(("error: console busy: " + settings.maxConnections() + " connections open "
                    + "(Recorder.data.console.max_connections)\n").getBytes(StandardCharsets.UTF_8));
            o.flush();
        } catch (IOException e) {
            // refused anyway
        }
    }

    @Override
    protected void doStop() throws InterruptedException {
        try {
            server.close();
        } catch (IOException e) {
            log.warn("remote console: closing the listener failed", e);
        }
        for (ConsoleConnection c : connections) {
            c.stop("recorder stopping");
        }
        connectionThreads.shutdownNow();
        queries.shutdownNow();
        if (!queries.awaitTermination(5, TimeUnit.SECONDS)) {
            log.warn("remote console: queries still running 5 s after the stop; leaving them");
        }
        notifyStopped();
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + " " + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
