package org.nsr.redis;

import java.time.Duration;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Where a Redis server is and how to log in: host, port, optional password, TLS. Immutable.
 * This package is the only one that imports Jedis; the rest of NSR talks to its small classes.
 */
public record RedisEndpoint(String host, int port, String password, boolean tls, Duration timeout) {

    public RedisEndpoint {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not 1-65535");
        }
    }

    public RedisEndpoint(String host, int port) {
        this(host, port, null, false, Duration.ofSeconds(5));
    }

    /** "host:port", for messages. */
    public String address() {
        return host + ":" + port;
    }

    /** A fresh connection; the caller closes it. Nothing is sent until it is used. */
    Jedis connect() {
        return new Jedis(new HostAndPort(host, port), clientConfig());
    }

    /** A fresh connection that reads XREADGROUP replies into {@link ReadEntry}s itself; the caller closes it. */
    EntryReplyConnection connectForEntries() {
        return new EntryReplyConnection(new HostAndPort(host, port), clientConfig());
    }

    /** A fresh connection that also takes pre-encoded commands ({@link XaddBatch}); the caller closes it. */
    PipelineConnection connectForPipelines() {
        return new PipelineConnection(new HostAndPort(host, port), clientConfig());
    }

    private DefaultJedisClientConfig clientConfig() {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) timeout.toMillis())
                .socketTimeoutMillis((int) timeout.toMillis())
                .ssl(tls)
                .clientName("nsr");
        if (password != null && !password.isEmpty()) {
            b.password(password);
        }
        return b.build();
    }

    /**
     * The connection test every user of Redis runs before reading anything: one PING.
     *
     * @throws RedisUnavailableException naming the address and the cause
     */
    public void ping() throws RedisUnavailableException {
        try (Jedis j = connect()) {
            String pong = j.ping();
            if (!"PONG".equalsIgnoreCase(pong)) {
                throw new RedisUnavailableException("Redis at " + address() + " answered PING with '" + pong + "'");
            }
        } catch (JedisException e) {
            throw new RedisUnavailableException("cannot reach Redis at " + address() + ": " + rootMessage(e), e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
