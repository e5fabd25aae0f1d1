package org.nsr.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The header-read timeout Jetty lacks: its idle timeout is reset by every byte, so a client that
 * dribbles a header one byte at a time would hold its connection forever. Each connection is
 * watched; once bytes of a new request have arrived and no request is being handled, the whole
 * header must follow within the timeout, else the connection is closed and counted.
 *
 * <p>A sweep runs every tenth of the timeout (10 ms to 1 s), so a connection is closed between
 * one and 1.1 timeouts after its first header byte. Thread-safe: Jetty's selector opens and closes,
 * handler threads start and end requests, the scheduler sweeps.
 */
final class HeaderTimeouts implements Connection.Listener {
    private static final Logger log = LoggerFactory.getLogger(HeaderTimeouts.class);

    private final String serverName;
    private final long timeoutNanos;
    private final LongAdder closed;
    private final ThrottledLog closedLog;
    private final Map<Connection, Watch> open = new ConcurrentHashMap<>();

    HeaderTimeouts(String serverName, long timeoutNanos, LongAdder closed) {
        this.serverName = serverName;
        this.timeoutNanos = timeoutNanos;
        this.closed = closed;
        this.closedLog = new ThrottledLog(closed::sum);
    }

    /** How often {@link #sweep()} should run. */
    long sweepEveryNanos() {
        return Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(timeoutNanos / 10, TimeUnit.SECONDS.toNanos(1)));
    }

    @Override
    public void onOpened(Connection connection) {
        open.put(connection, new Watch());
    }

    @Override
    public void onClosed(Connection connection) {
        open.remove(connection);
    }

    /** A request on {@code connection} reached its handler: its header is complete. */
    void requestStarted(Connection connection) {
        Watch w = open.get(connection);
        if (w != null) {
            w.inFlight.incrementAndGet();
        }
    }

    /** The request's response is done; what arrives next is the next request. */
    void requestEnded(Connection connection) {
        Watch w = open.get(connection);
        if (w != null) {
            w.bytesWhenIdle = connection.getBytesIn();
            w.headerSinceNanos = 0;
            w.inFlight.decrementAndGet();
        }
    }

    int openConnections() {
        return open.size();
    }

    void sweep() {
        long now = System.nanoTime();
        for (Map.Entry<Connection, Watch> e : open.entrySet()) {
            Connection c = e.getKey();
            Watch w = e.getValue();
            if (w.inFlight.get() > 0 || c.getBytesIn() == w.bytesWhenIdle) {
                continue; // handling a request, or nothing new arrived: the idle timeout's business
            }
            if (w.headerSinceNanos == 0) {
                w.headerSinceNanos = now;
            } else if (now - w.headerSinceNanos >= timeoutNanos && open.remove(c, w)) {
                closed.increment();
                long n = closedLog.takeIfDue();
                if (n > 0) {
                    log.warn("{}: closed {} connection(s) whose request header did not arrive within {} ms"
                            + " since the last report; latest from {}", serverName, n,
                            TimeUnit.NANOSECONDS.toMillis(timeoutNanos), c.getEndPoint().getRemoteSocketAddress());
                }
                c.close();
            }
        }
    }

    private static final class Watch {
        final AtomicInteger inFlight = new AtomicInteger();
        volatile long bytesWhenIdle;
        volatile long headerSinceNanos;
    }
}
