package org.nsr.redis;

import java.time.Duration;
import org.nsr.config.ConfigException;
import org.nsr.config.ConfigNode;

/**
 * A stream to mirror a source's records into (the Redis sink's, or replay's {@code --redis}). Immutable.
 *
 * @param maxLen approximate bound on the stream ({@code MAXLEN ~}), 0 for none; default 1,000,000
 * @param buffer records held while Redis is slow or down before new ones are dropped and counted
 */
public record RedisTarget(RedisEndpoint endpoint, String stream, long maxLen, int buffer) {
    public static final long DEFAULT_MAXLEN = 1_000_000;
    public static final int DEFAULT_BUFFER = 100_000;

    /** Reads {@code host} (default 127.0.0.1), {@code port} (6379), {@code password}, {@code tls}. */
    public static RedisEndpoint endpoint(ConfigNode n) throws ConfigException {
        String host = n.string("host", "127.0.0.1");
        int port = n.intValue("port", 6379, 1, 65535);
        String password = n.string("password", null);
        boolean tls = n.bool("tls", false);
        return new RedisEndpoint(host, port, password, tls, Duration.ofSeconds(5));
    }
}
