package org.nsr.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * The {@code Recorder.data.dashboard} node: where the live page listens and the token it asks for
 * ({@link ListenerSettings}: loopback by default, a token required elsewhere), how many pages may be
 * open at once, how many events each may fall behind before it is dropped, and how often it is fed.
 *
 * @param listener {@code listen} (default {@code 127.0.0.1:9465}) and {@code token}
 * @param maxClients {@code max_clients}, open event streams at most (default 8)
 * @param clientEvents {@code client_events}, events one page may be behind before it is dropped (default 30)
 * @param refresh {@code refresh}, the update period (default 1 s)
 * @param cpuBudget {@code cpu_budget}, the share of the whole machine the flow analysis of the page and
 *     the detector may use, written {@code "1%"} or {@code 1} (default 1 %, from 0.1 % to 100 %); past it
 *     whole batches of records are skipped, counted and shown as the share analysed
 */
public record DashboardSettings(ListenerSettings listener, int maxClients, int clientEvents, Duration refresh,
        double cpuBudget) {
    public static final String DEFAULT_LISTEN = "127.0.0.1:9465";
    /**
     * The flow analysis's default CPU budget: 1 % of the machine. On 2 cores that is 0.02 of a core,
     * about 1.2 % of a recorder using 1.7 of them: room under the 3 % the page may cost it.
     */
    public static final double DEFAULT_CPU_BUDGET = 0.01;

    /** Defaults with {@code listener}: for {@code nsr dashboard DIR} and tests. */
    public static DashboardSettings of(ListenerSettings listener) {
        return new DashboardSettings(listener, 8, 30, Duration.ofSeconds(1), DEFAULT_CPU_BUDGET);
    }

    /** Reads the node; null when the file has no {@code dashboard} node (the page is off by default). */
    public static DashboardSettings read(ConfigNode node, String path) throws ConfigException {
        if (node == null) {
            return null;
        }
        ListenerSettings listener = ListenerSettings.read(node, path, DEFAULT_LISTEN);
        int maxClients = node.intValue("max_clients", 8, 1, 64);
        int clientEvents = node.intValue("client_events", 30, 2, 10_000);
        Duration refresh = node.duration("refresh", Duration.ofSeconds(1), ChronoUnit.SECONDS, Duration.ofMillis(100),
                Duration.ofMinutes(1));
        double cpuBudget = percent(node, "cpu_budget", DEFAULT_CPU_BUDGET);
        node.rejectUnknownKeys();
        return listener.off() ? null : new DashboardSettings(listener, maxClients, clientEvents, refresh, cpuBudget);
    }

    /** A share written as {@code "2%"}, {@code "2 %"} or a bare number of percent, from 0.1 % to 100 %. */
    private static double percent(ConfigNode node, String key, double fallback) throws ConfigException {
        Object v = node.raw(key);
        if (v == null) {
            return fallback;
        }
        String text = v.toString().trim();
        String digits = text.endsWith("%") ? text.substring(0, text.length() - 1).trim() : text;
        double p;
        try {
            p = Double.parseDouble(digits);
        } catch (NumberFormatException e) {
            p = Double.NaN;
        }
        if (Double.isNaN(p) || p < 0.1 || p > 100) {
            throw new ConfigException(node.pathOf(key) + ": '" + v + "' is not a share of the machine; expected a "
                    + "percentage from 0.1 to 100 such as \"2%\"");
        }
        return p / 100;
    }
}
