package org.nsr.config;

/**
 * A user's config or command-line input is wrong. The message names the key path, the bad value
 * and what was expected; it is printed as is, without a stack trace, and the process exits 2.
 */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
