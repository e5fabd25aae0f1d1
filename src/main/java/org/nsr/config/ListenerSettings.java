package org.nsr.config;

import java.net.InetSocketAddress;

/**
 * Where one HTTP listener binds and the bearer token it demands: the {@code listen:} and
 * {@code token:} keys of a listener's node ({@code Recorder.data.metrics} now; the ingest API,
 * dashboard and console reuse the same shape and this validation).
 *
 * <p>The exposure rule lives here, once: a listener on an address other than loopback must have a
 * token, or the setting file is refused (exit 2) with a message naming both keys.
 *
 * @param listen where to bind; null when {@code listen: off}
 * @param token the bearer token every request must present; null for none
 */
public record ListenerSettings(InetSocketAddress listen, String token) {
    /** Shortest token accepted: shorter ones are too easy to guess. */
    public static final int MIN_TOKEN_LENGTH = 16;

    /** True when the listener is off. */
    public boolean off() {
        return listen == null;
    }

    /**
     * Reads {@code listen} and {@code token} from a listener's node, leaving its other keys to the
     * caller (who still calls {@code rejectUnknownKeys}).
     *
     * @param node the listener's node, or null when the file has none (defaults apply)
     * @param nodePath the node's key path, e.g. {@code Recorder.data.metrics}, for messages
     * @param defaultListen the address when {@code listen} is absent, e.g. {@code 127.0.0.1:9464}
     */
    public static ListenerSettings read(ConfigNode node, String nodePath, String defaultListen) throws ConfigException {
        String listenKey = nodePath + ".listen";
        String tokenKey = nodePath + ".token";
        String text = node == null ? defaultListen : node.string("listen", defaultListen);
        String token = node == null ? null : node.string("token", null);
        if (token != null && (token.isBlank() || token.length() < MIN_TOKEN_LENGTH)) {
            throw new ConfigException(tokenKey + ": a token of " + token.length()
                    + " characters is too easy to guess; expected at least " + MIN_TOKEN_LENGTH + " characters");
        }
        InetSocketAddress listen = address(listenKey, text);
        checkExposure(listenKey, text, listen, tokenKey, token);
        return new ListenerSettings(listen, token);
    }

    /** A listener from command-line options: {@code listenText} as in a setting file, and a token or null. */
    public static ListenerSettings parse(String listenKey, String listenText, String tokenKey, String token)
            throws ConfigException {
        if (token != null && (token.isBlank() || token.length() < MIN_TOKEN_LENGTH)) {
            throw new ConfigException(tokenKey + ": a token of " + token.length()
                    + " characters is too easy to guess; expected at least " + MIN_TOKEN_LENGTH + " characters");
        }
        InetSocketAddress listen = address(listenKey, listenText);
        if (listen == null) {
            throw new ConfigException(listenKey + ": '" + listenText + "' turns the page off; expected host:port");
        }
        checkExposure(listenKey, listenText, listen, tokenKey, token);
        return new ListenerSettings(listen, token);
    }

    /**
     * The exposure rule: an address other than loopback needs a token.
     *
     * @throws ConfigException naming {@code listenKey}, the value as written and {@code tokenKey}
     */
    public static void checkExposure(String listenKey, String listenText, InetSocketAddress listen, String tokenKey,
            String token) throws ConfigException {
        if (listen != null && token == null && !listen.getAddress().isLoopbackAddress()) {
            throw new ConfigException(listenKey + ": '" + listenText + "' is not a loopback address and " + tokenKey
                    + " is not set; expected a loopback address or a token");
        }
    }

    /** {@code host:port}, {@code :port} (loopback) or {@code off}. */
    static InetSocketAddress address(String keyPath, String text) throws ConfigException {
        if (text.equalsIgnoreCase("off") || text.equalsIgnoreCase("false")) {
            return null;
        }
        int colon = text.lastIndexOf(':');
        String host = colon <= 0 ? "127.0.0.1" : text.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (colon < 0 || port < 0 || port > 65_535) {
            throw new ConfigException(keyPath + ": '" + text + "' is not a listen address; expected host:port "
                    + "such as 127.0.0.1:9464, or off");
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new ConfigException(keyPath + ": '" + text + "' names a host that does not resolve; expected host:port "
                    + "such as 127.0.0.1:9464, or off");
        }
        return address;
    }
}
