package org.nsr.server;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;
import org.nsr.lifecycle.AbstractService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP server every endpoint of NSR runs on (metrics and health, {@code replay --serve},
 * the NDTwin simulator, and next the ingest API, the dashboard's event stream and the console).
 * The only class tree that imports Jetty; handlers see {@link HttpCall} and answer {@link HttpReply}.
 *
 * <p>Why Jetty and not the JDK's {@code HttpServer}: the JDK server reads a request on one of its
 * few handler threads and has no per-connection header or idle timeout, so two clients that send
 * half a header stalled the whole endpoint for about 30 s. Jetty reads headers on a non-blocking
 * selector (a slow client holds no thread) and has idle timeouts, header-size limits, a bounded
 * {@code QueuedThreadPool} and a connection limit; {@link HeaderTimeouts} adds the header-read
 * timeout it lacks.
 *
 * <p>What every server gets, from {@link HttpServerSettings}: handler threads named
 * {@code "<name>-http-N"} with a bounded wait queue (past it a request gets 503, counted); at
 * most {@code maxConnections} open connections (then accepting pauses); 431 past the header limit;
 * 413 past the body limit; the header-read and idle timeouts; with a bearer token, 401 (counted,
 * logged at most once a minute) for a request without it, before any handler runs; and a stop that
 * gives requests in flight the grace period, then closes every connection and ends every thread.
 *
 * <p>Lifecycle: a {@link org.nsr.lifecycle.Service}. {@link #start()} binds synchronously (or throws
 * {@link ListenException}); {@code stopAsync()} stops on a thread of its own; {@link #close()}
 * stops and waits. Not restartable.
 */
public final class HttpServerBase extends AbstractService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServerBase.class);
    /** Threads Jetty takes from the pool besides the handlers: one acceptor, one selector. */
    private static final int ACCEPTORS = 1;
    private static final int SELECTORS = 1;
    /** Acceptor, selector and two for Jetty's own short jobs (closing, resuming a queued request). */
    private static final int SPARE_THREADS = 4;

    private final HttpServerSettings settings;
    private final HttpHandler handler;
    private final ServerStats stats = new ServerStats();
    private final BearerToken token;
    private final HeaderTimeouts headerTimeouts;
    private volatile Server server;
    private volatile ServerConnector connector;

    public HttpServerBase(HttpServerSettings settings, HttpHandler handler) {
        super(settings.name());
        this.settings = settings;
        this.handler = handler;
        this.token = settings.bearerToken() == null ? null : new BearerToken(settings.bearerToken());
        this.headerTimeouts = new HeaderTimeouts(settings.name(), settings.headerTimeout().toNanos(),
                stats.headerTimeouts);
    }

    /**
     * Starts and waits until serving: {@code startAsync()} plus {@code awaitRunning()}, with a
     * bind failure thrown as it is.
     *
     * @throws ListenException when the address cannot be bound
     */
    public HttpServerBase start() throws IOException {
        startAsync();
        try {
            awaitRunning();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(serviceName() + ": interrupted while starting", e);
        } catch (IllegalStateException e) {
            Throwable cause = failureCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(serviceName() + " did not start: " + cause, cause);
        }
        return this;
    }

    public HttpServerSettings settings() {
        return settings;
    }

    public ServerStats stats() {
        return stats;
    }

    /** The bound port: the one the system chose when bound to port 0. */
    public int port() {
        ServerConnector c = connector;
        if (c == null) {
            throw new IllegalStateException(serviceName() + " is not started");
        }
        return c.getLocalPort();
    }

    /** {@code http://host:port}, with 127.0.0.1 for a wildcard bind. */
    public String url() {
        InetAddress a = settings.bind().getAddress();
        String host = a.isAnyLocalAddress() ? "127.0.0.1" : a.getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /** Connections open now (for tests and diagnostics). */
    public int openConnections() {
        return headerTimeouts.openConnections();
    }

    @Override
    protected void doStart() throws Exception {
        Server s = newServer();
        server = s;
        try {
            s.start();
        } catch (Exception e) {
            stopQuietly(s);
            throw bindFailure(e);
        }
        scheduleSweep(s.getScheduler());
        log.info("{} listening on {} (threads {}, connections {}, header timeout {} ms, idle timeout {} ms{})",
                serviceName(), url(), settings.threads(), settings.maxConnections(),
                settings.headerTimeout().toMillis(), settings.idleTimeout().toMillis(),
                token == null ? "" : ", bearer token required");
        notifyStarted();
    }

    @Override
    protected void doStop() {
        Thread t = new Thread(() -> {
            Server s = server;
            try {
                if (s != null) {
                    s.stop();
                }
                notifyStopped();
            } catch (java.util.concurrent.TimeoutException e) {
                // Jetty still stopped every part; only the grace ran out on requests in flight.
                log.warn("{}: requests still in flight after the {} ms stop grace were cut off", serviceName(),
                        settings.stopGrace().toMillis());
                notifyStopped();
            } catch (Exception | Error e) {
                notifyFailed(e);
            }
        }, settings.name() + "-http-stop");
        t.setDaemon(true);
        t.start();
    }

    /** Stops (requests in flight get the grace period) and waits for it. */
    @Override
    public void close() {
        stopAsync();
        Duration wait = settings.stopGrace().plusSeconds(5);
        try {
            if (!awaitTerminated(wait)) {
                log.warn("{}: not stopped {} ms after close; its threads are daemons and end with the JVM",
                        serviceName(), wait.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Server newServer() {
        // The queue is unbounded, as Jetty requires, but its length is bounded by the connection
        // limit (an HTTP/1.1 connection has at most one job waiting); the QoS handler below bounds
        // the requests in handlers to the thread count and answers 503 past the wait queue.
        QueuedThreadPool pool = new QueuedThreadPool(settings.threads() + SPARE_THREADS, 2, 60_000);
        pool.setReservedThreads(0);
        pool.setName(settings.name() + "-http");
        pool.setDaemon(true);
        ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler(settings.name() + "-http-timer", true);
        Server s = new Server(pool, scheduler, null);
        s.setStopTimeout(settings.stopGrace().toMillis());
        s.setStopAtShutdown(false); // the owner decides when to stop, in order
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(settings.maxHeaderBytes());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // Jetty caches header fields per connection and by default matches their values ignoring
        // case: "bearer s3cret-token" after "Bearer s3cret-tokeN" would read as the cached, wrong one.
        http.setHeaderCacheCaseSensitive(true);
        ServerConnector c = new ServerConnector(s, ACCEPTORS, SELECTORS, new HttpConnectionFactory(http));
        c.setHost(settings.bind().getAddress().getHostAddress());
        c.setPort(settings.bind().getPort());
        c.setIdleTimeout(settings.idleTimeout().toMillis());
        c.addBean(headerTimeouts);
        s.addConnector(c);
        s.addBean(new NetworkConnectionLimit(settings.maxConnections(), c));
        s.setErrorHandler(new CountingErrorHandler(stats));
        QoSHandler qos = new QoSHandler(new Dispatch(serviceName(), settings, handler, token, stats));
        qos.setMaxRequestCount(settings.threads());
        qos.setMaxSuspendedRequestCount(settings.queuedRequests());
        qos.setMaxSuspend(settings.idleTimeout());
        qos.setRejectStatusCode(503);
        stats.busySource = () -> qos.getTotalExceededRequestCount() + qos.getTotalExpiredRequestCount();
        GracefulHandler graceful = new GracefulHandler(new RequestTracking(qos, headerTimeouts));
        // At stop, a kept-alive connection with no request is closed at once instead of holding
        // the graceful stop for the whole grace period.
        graceful.setShutdownIdleTimeout(100);
        s.setHandler(graceful);
        connector = c;
        return s;
    }

    private void scheduleSweep(Scheduler scheduler) {
        long every = headerTimeouts.sweepEveryNanos();
        scheduler.schedule(new Runnable() {
            @Override
            public void run() {
                try {
                    headerTimeouts.sweep();
                } catch (RuntimeException e) {
                    log.warn("{}: header timeout sweep failed", serviceName(), e);
                }
                if (scheduler.isRunning()) {
                    scheduler.schedule(this, every, TimeUnit.NANOSECONDS);
                }
            }
        }, every, TimeUnit.NANOSECONDS);
    }

    private IOException bindFailure(Exception e) {
        InetSocketAddress bind = settings.bind();
        String where = bind.getAddress().getHostAddress() + ":" + bind.getPort();
        Throwable root = e;
        while (root.getCause() != null && !(root instanceof BindException)) {
            root = root.getCause();
        }
        String why = root.getMessage() == null ? root.toString() : root.getMessage();
        return new ListenException("cannot listen on " + where + ": " + why, isLocal(bind.getAddress()), e);
    }

    private static boolean isLocal(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(a) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    private static void stopQuietly(Server s) {
        try {
            s.stop();
        } catch (Exception ignored) {
            // the start failure is what gets reported
        }
    }
}
