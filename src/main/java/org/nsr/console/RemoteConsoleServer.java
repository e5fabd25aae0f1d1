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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
    private final SubscriptionHub hub; // null: no live records to subscribe to
    private final ExecutorService subscriptionThreads;
    private final ScheduledExecutorService watchdog;
    private ServerSocket server;
    private Thread acceptor;

    public RemoteConsoleServer(ConsoleSettings settings, ConsoleBackend backend, Metrics metrics) {
        this(settings, backend, null, metrics);
    }

    /** @param hub the live records of the recorder, for subscriptions; null for none */
    public RemoteConsoleServer(ConsoleSettings settings, ConsoleBackend backend, SubscriptionHub hub,
            Metrics metrics) {
        super("remote console");
        this.settings = settings;
        this.backend = backend;
        this.hub = hub;
        this.stats = new ConsoleStats(metrics);
        // One delivery thread per subscription; the count is checked before one is asked for.
        this.subscriptionThreads = new ThreadPoolExecutor(0, settings.maxSubscriptions(), 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), named("console subscription"), new ThreadPoolExecutor.AbortPolicy());
        this.watchdog = Executors.newSingleThreadScheduledExecutor(named("console write watchdog"));
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
        long period = Math.max(50, Math.min(1000, settings.writeTimeout().toMillis() / 4));
        watchdog.scheduleWithFixedDelay(this::closeStuckWriters, period, period, TimeUnit.MILLISECONDS);
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
            ConsoleConnection c;
            try {
                c = new ConsoleConnection(socket, settings.token(), new CommandParser(Clock.systemUTC(),
                        ZoneId.systemDefault()), backend, hub == null ? null : (output, peer) ->
                        new ConnectionSubscriptions(hub, backend, subscriptionThreads, settings.maxSubscriptions(),
                                output, peer), queries, stats);
            } catch (IOException e) {
                stats.disconnected();
                log.debug("console connection from {} failed at once: {}", socket.getRemoteSocketAddress(), e.toString());
                continue;
            }
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

    /** A client that stopped reading must not hold a connection thread (and its subscriptions) forever. */
    private void closeStuckWriters() {
        long now = System.nanoTime();
        for (ConsoleConnection c : connections) {
            long blocked = c.blockedWriteNanos(now);
            if (blocked > settings.writeTimeout().toNanos()) {
                stats.writeTimedOut();
                log.warn("remote console: a write to a client has been blocked for {} ms (Recorder.data.console."
                        + "write_timeout {} ms); closing its connection (counted in nsr_console_connections_total"
                        + "{{result=\"write_timeout\"}})", blocked / 1_000_000, settings.writeTimeout().toMillis());
                c.close();
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
        // Subscribers first hear every record the recorder accepted (the sources have stopped), then the stop.
        for (ConsoleConnection c : connections) {
            c.interruptRunning();
            if (c.subscriptions() != null) {
                c.subscriptions().stopAll();
            }
        }
        long deadline = System.nanoTime() + ConnectionSubscriptions.END_TIMEOUT.toNanos();
        for (ConsoleConnection c : connections) {
            if (c.subscriptions() != null && !c.subscriptions().awaitAll(
                    java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                log.warn("remote console: a subscription did not hand on its records within {} s of the stop",
                        ConnectionSubscriptions.END_TIMEOUT.toSeconds());
            }
        }
        for (ConsoleConnection c : connections) {
            c.stop("recorder stopping");
        }
        watchdog.shutdownNow();
        subscriptionThreads.shutdownNow();
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
