package org.nsr.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The text of {@code help} and {@code help COMMAND}. */
final class HelpText {
    private static final Map<String, List<String>> TOPICS = new LinkedHashMap<>();

    static {
        TOPICS.put("query", List.of(
                "query feed index INDEX \"KEY\" [start T] [end T]   the matching records, in time order",
                "query to_file \"NAME\" index INDEX \"KEY\" [start T] [end T]   writes them to output_dir/exports/NAME",
                "query feed index INDEX \"KEY\" [start T] subscribe   the stored matches, then each new one as the "
                        + "recorder accepts it, until unsubscribe ID (a running recorder's console)",
                "  INDEX: connection4 \"PROTO IP:PORT IP:PORT\", connection3 \"PROTO IP IP:PORT\","
                        + " connection2 \"IP IP\", ip \"IP\"",
                "  T: 2025-08-22T10:13:12Z, 2025-08-22T10:13:12 (local), 2025-08-22, epoch ms, -15m, now;"
                        + " start inclusive, end exclusive"));
        TOPICS.put("unsubscribe", List.of("unsubscribe ID   ends subscription ID (see show subscriptions)"));
        TOPICS.put("show", List.of("show stats|sources|index|classes|subscriptions   what the recording or the"
                + " recorder holds and does"));
        TOPICS.put("help", List.of("help [COMMAND]   this text, or that of one command"));
        TOPICS.put("quit", List.of("quit   leaves the console (also exit, Ctrl-D)"));
    }

    private HelpText() {
    }

    static List<String> all() {
        List<String> out = new java.util.ArrayList<>();
        TOPICS.values().forEach(out::addAll);
        out.add("Every reply ends with 'ok N' (N records or lines) or 'error: MESSAGE'.");
        return out;
    }

    /** Null when there is no such command. */
    static List<String> of(String command) {
        return TOPICS.get(command);
    }

    static String names() {
        return String.join(", ", TOPICS.keySet());
    }
}
