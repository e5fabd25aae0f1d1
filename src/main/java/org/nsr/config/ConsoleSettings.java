package org.nsr.config;

import java.net.InetSocketAddress;

/**
 * The {@code console:} setting under {@code Recorder.data}: the recorder's remote console. Off
 * unless the node is there; {@code listen} defaults to {@code 127.0.0.1:42042} and follows the
 * {@link ListenerSettings} rule (elsewhere than loopback needs {@code token}, sent by a client as
 * its first line {@code auth TOKEN}).
 *
 * @param listen where to bind; null when off
 * @param token the token a client must send first; null for none
 * @param maxConnections connections at once; one over it is refused with a message and counted
 * @param queryThreads the bounded pool every connection's commands run on
 */
public record ConsoleSettings(InetSocketAddress listen, String token, int maxConnections, int queryThreads) {
    public static final String DEFAULT_LISTEN = "127.0.0.1:42042";
    public static final ConsoleSettings OFF = new ConsoleSettings(null, null, 16, 4);

    public boolean enabled() {
        return listen != null;
    }

    /** Reads {@code console} from {@code data}: absent is {@link #OFF}. */
    static ConsoleSettings read(ConfigNode data) throws ConfigException {
        if (!data.has("console")) {
            return OFF;
        }
        Object raw = data.raw("console");
        if (raw instanceof Boolean b && !b || "off".equals(raw)) {
            return OFF;
        }
        if (!(raw instanceof java.util.Map)) {
            throw new ConfigException(data.pathOf("console") + ": '" + raw + "' is not a mapping or off; expected "
                    + "{listen: \"" + DEFAULT_LISTEN + "\", token: \"...\"} or off");
        }
        ConfigNode n = data.child("console");
        ListenerSettings l = ListenerSettings.read(n, data.pathOf("console"), DEFAULT_LISTEN);
        int max = n.intValue("max_connections", OFF.maxConnections, 1, 1024);
        int threads = n.intValue("query_threads", OFF.queryThreads, 1, 64);
        n.rejectUnknownKeys();
        return new ConsoleSettings(l.listen(), l.token(), max, threads);
    }
}
