package org.nsr.redis;

/** Redis could not be reached or refused us (connection, login, or a command failing on the wire). */
public final class RedisUnavailableException extends Exception {
    public RedisUnavailableException(String message) {
        super(message);
    }

    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
