package org.nsr.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The limits and address of one {@link HttpServerBase}. Immutable; variants through
 * {@link #newBuilder()}. Every setter checks its value and names it when it is out of range.
 *
 * <p>Defaults (see README, "Metrics and health"): loopback, port 0, no token, 4 handler threads,
 * 64 queued requests, 128 connections, 8 KiB of request line and headers, 1 MiB of body, a 10 s
 * header-read timeout, a 30 s idle timeout and a 1 s stop grace.
 */
public final class HttpServerSettings {
    private final String name;
    private final InetSocketAddress bind;
    private final String bearerToken;
    private final int threads;
    private final int queuedRequests;
    private final int maxConnections;
    private final int maxHeaderBytes;
    private final long maxBodyBytes;
    private final Duration headerTimeout;
    private final Duration idleTimeout;
    private final Duration stopGrace;

    private HttpServerSettings(Builder b) {
        this.name = b.name;
        this.bind = b.bind;
        this.bearerToken = b.bearerToken;
        this.threads = b.threads;
        this.queuedRequests = b.queuedRequests;
        this.maxConnections = b.maxConnections;
        this.maxHeaderBytes = b.maxHeaderBytes;
        this.maxBodyBytes = b.maxBodyBytes;
        this.headerTimeout = b.headerTimeout;
        this.idleTimeout = b.idleTimeout;
        this.stopGrace = b.stopGrace;
    }

    /**
     * Settings with every default, for a server called {@code name}: it names the service, the log
     * lines and the threads ({@code "<name>-http-N"}).
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    public Builder newBuilder() {
        Builder b = new Builder(name);
        b.bind = bind;
        b.bearerToken = bearerToken;
        b.threads = threads;
        b.queuedRequests = queuedRequests;
        b.maxConnections = maxConnections;
        b.maxHeaderBytes = maxHeaderBytes;
        b.maxBodyBytes = maxBodyBytes;
        b.headerTimeout = headerTimeout;
        b.idleTimeout = idleTimeout;
        b.stopGrace = stopGrace;
        return b;
    }

    public String name() {
        return name;
    }

    public InetSocketAddress bind() {
        return bind;
    }

    /** The token every request must present as {@code Authorization: Bearer <token>}, or null for none. */
    public String bearerToken() {
        return bearerToken;
    }

    /** Threads that run handlers; the acceptor and the selector have one more each. */
    public int threads() {
        return threads;
    }

    /** Requests waiting for a handler thread; beyond that (or after waiting an idle timeout) the answer is 503. */
    public int queuedRequests() {
        return queuedRequests;
    }

    /** Open connections; beyond that the server stops accepting until one closes. */
    public int maxConnections() {
        return maxConnections;
    }

    /** Bytes of request line plus headers; beyond that the answer is 431. */
    public int maxHeaderBytes() {
        return maxHeaderBytes;
    }

    /** Bytes of request body a handler may read; beyond that the answer is 413. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Time a connection may take to send a whole request header once it began; then it is closed. */
    public Duration headerTimeout() {
        return headerTimeout;
    }

    /** Time a connection may pass with no byte in either direction; then it is closed. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** Time requests in flight get to finish at stop. */
    public Duration stopGrace() {
        return stopGrace;
    }

    @Override
    public String toString() {
        return name + " on " + bind.getHostString() + ":" + bind.getPort() + " (threads " + threads + ", queue "
                + queuedRequests + ", connections " + maxConnections + ", header " + maxHeaderBytes + " B, body "
                + maxBodyBytes + " B, header timeout " + headerTimeout.toMillis() + " ms, idle timeout "
                + idleTimeout.toMillis() + " ms" + (bearerToken == null ? "" : ", bearer token") + ")";
    }

    /** Mutable builder; {@link #build()} gives the immutable settings. */
    public static final class Builder {
        private final String name;
        private InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        private String bearerToken;
        private int threads = 4;
        private int queuedRequests = 64;
        private int maxConnections = 128;
        private int maxHeaderBytes = 8 * 1024;
        private long maxBodyBytes = 1024 * 1024;
        private Duration headerTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(30);
        private Duration stopGrace = Duration.ofSeconds(1);

        private Builder(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("server name '" + name + "' must not be blank");
            }
            this.name = name;
        }

        public Builder bind(InetSocketAddress address) {
            if (address == null || address.isUnresolved()) {
                throw new IllegalArgumentException("bind address '" + address + "' must be a resolved address");
            }
            this.bind = address;
            return this;
        }

        /** Null (the default) for no token; an empty token is refused. */
        public Builder bearerToken(String token) {
            if (token != null && token.isBlank()) {
                throw new IllegalArgumentException("bearer token must not be blank; pass null for no token");
            }
            this.bearerToken = token;
            return this;
        }

        public Builder threads(int n) {
            this.threads = checkRange("threads", n, 1, 256);
            return this;
        }

        public Builder queuedRequests(int n) {
            this.queuedRequests = checkRange("queued requests", n, 1, 100_000);
            return this;
        }

        public Builder maxConnections(int n) {
            this.maxConnections = checkRange("max connections", n, 1, 100_000);
            return this;
        }

        public Builder maxHeaderBytes(int n) {
            this.maxHeaderBytes = checkRange("max header bytes", n, 256, 1024 * 1024);
            return this;
        }

        public Builder maxBodyBytes(long n) {
            if (n < 0 || n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("max body bytes " + n + " must be from 0 to " + (Integer.MAX_VALUE - 8));
            }
            this.maxBodyBytes = n;
            return this;
        }

        public Builder headerTimeout(Duration d) {
            this.headerTimeout = checkPositive("header timeout", d);
            return this;
        }

        public Builder idleTimeout(Duration d) {
            this.idleTimeout = checkPositive("idle timeout", d);
            return this;
        }

        public Builder stopGrace(Duration d) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("stop grace " + d + " must not be negative");
            }
            this.stopGrace = d;
            return this;
        }

        public HttpServerSettings build() {
            return new HttpServerSettings(this);
        }

        private static int checkRange(String what, int n, int min, int max) {
            if (n < min || n > max) {
                throw new IllegalArgumentException(what + " " + n + " must be from " + min + " to " + max);
            }
            return n;
        }

        private static Duration checkPositive(String what, Duration d) {
            if (d == null || d.isNegative() || d.isZero() || d.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException(what + " " + d + " must be more than 0 and at most a day");
            }
            return d;
        }
    }
}
