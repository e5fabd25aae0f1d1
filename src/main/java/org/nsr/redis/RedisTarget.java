package org.nsr.redis;

import java.time.Duration;
import org.nsr.config.ConfigException;
import org.nsr.config.ConfigNode;

/**
 * A stream to mirror a source's records into: {@code redis_sink: {host, port, stream, maxlen,
 * buffer, password, tls}} on a source entry. Immutable.
 *
 * @param maxLen approximate bound on the stream ({@code MAXLEN ~}), 0 for none; default 1,000,000
 * @param buffer records held while Redis is slow or down before new ones are dropped and counted
 */
public record RedisTarget(RedisEndpoint endpoint, String stream, long maxLen, int buffer) {
    public static final String KEY = "redis_sink";
    public static final long DEFAULT_MAXLEN = 1_000_000;
    public static final int DEFAULT_BUFFER = 100_000;

    /** The entry's {@code redis_sink}, or null when it has none. */
    public static RedisTarget parse(ConfigNode entry) throws ConfigException {
        if (!entry.has(KEY)) {
            entry.raw(KEY);
            return null;
        }
        ConfigNode n = entry.child(KEY);
        RedisEndpoint endpoint = endpoint(n);
        String stream = n.string("stream");
        long maxLen = n.longValue("maxlen", DEFAULT_MAXLEN, 0, Long.MAX_VALUE);
        int buffer = n.intValue("buffer", DEFAULT_BUFFER, 1, 10_000_000);
        n.rejectUnknownKeys();
        return new RedisTarget(endpoint, stream, maxLen, buffer);
    }

    /** Reads {@code host} (default 127.0.0.1), {@code port} (6379), {@code password}, {@code tls}. */
    public static RedisEndpoint endpoint(ConfigNode n) throws ConfigException {
        String host = n.string("host", "127.0.0.1");
        int port = n.intValue("port", 6379, 1, 65535);
        String password = n.string("password", null);
        boolean tls = n.bool("tls", false);
        return new RedisEndpoint(host, port, password, tls, Duration.ofSeconds(5));
    }
}
