package org.nsr.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

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
 * @param maxSubscriptions live subscriptions at once, over all connections
 * @param subscriptionBuffer records one subscription buffers for its client; when they fill, the
 *     subscription is dropped and counted
 * @param writeTimeout how long a write to a client may block before the connection is closed and counted
 */
public record ConsoleSettings(InetSocketAddress listen, String token, int maxConnections, int queryThreads,
        int maxSubscriptions, int subscriptionBuffer, Duration writeTimeout) {
    public static final String DEFAULT_LISTEN = "127.0.0.1:42042";
    public static final ConsoleSettings OFF = new ConsoleSettings(null, null, 16, 4, 16, 65_536,
            Duration.ofSeconds(10));

    /** The defaults of the subscription and write-timeout settings, for code that sets only the rest. */
    public ConsoleSettings(InetSocketAddress listen, String token, int maxConnections, int queryThreads) {
        this(listen, token, maxConnections, queryThreads, OFF.maxSubscriptions, OFF.subscriptionBuffer,
                OFF.writeTimeout);
    }

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
        int subs = n.intValue("max_subscriptions", OFF.maxSubscriptions, 1, 1024);
        int buffer = n.intValue("subscription_buffer", OFF.subscriptionBuffer, 1024, 16 << 20);
        Duration writeTimeout = n.duration("write_timeout", OFF.writeTimeout, ChronoUnit.SECONDS,
                Duration.ofMillis(100), Duration.ofHours(1));
        n.rejectUnknownKeys();
        return new ConsoleSettings(l.listen(), l.token(), max, threads, subs, buffer, writeTimeout);
    }
}
