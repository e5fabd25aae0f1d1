package org.nsr.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nsr.metrics.Metrics;

/**
 * The index and console panels, read from the metrics those components publish (so the page needs
 * no handle on them and shows what {@code /metrics} shows): for the index, per source the records
 * not yet indexed (lag) and the flows indexed, per index the files on disk by merge level and its
 * drops, pauses and write failures; for the console, connections open and by outcome, commands, and
 * subscriptions when the console publishes them. A panel is null when its component does not run.
 *
 * <p>Called from the publisher's one thread.
 */
final class ComponentPanels {
    private final Metrics metrics;

    ComponentPanels(Metrics metrics) {
        this.metrics = metrics;
    }

    /** The index panel, or null without an index. */
    Map<String, Object> index() {
        if (metrics.seriesOf("nsr_index_files").isEmpty() && metrics.seriesOf("nsr_index_lag_records").isEmpty()) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> sources = new ArrayList<>();
        for (Metrics.Series s : metrics.seriesOf("nsr_index_lag_records")) {
            String source = s.label("source");
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("source", source);
            e.put("lag_records", (long) s.value());
            e.put("flows", (long) metrics.value("nsr_index_flows_total", "source", source));
            e.put("dropped", (long) metrics.sum("nsr_index_dropped_total", "source", source));
            sources.add(e);
        }
        m.put("sources", sources);
        Map<String, Map<String, Object>> indexes = new TreeMap<>();
        for (Metrics.Series s : metrics.seriesOf("nsr_index_files")) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("files", (long) s.value());
            e.put("levels", new TreeMap<String, Long>());
            indexes.put(s.label("index"), e);
        }
        for (Metrics.Series s : metrics.seriesOf("nsr_index_level_files")) {
            Map<String, Object> e = indexes.get(s.label("index"));
            if (e != null) {
                @SuppressWarnings("unchecked")
                Map<String, Long> levels = (Map<String, Long>) e.get("levels");
                levels.put(s.label("level"), (long) s.value());
            }
        }
        m.put("indexes", indexes);
        m.put("catchup_backlog", (long) metrics.sum("nsr_index_catchup_backlog"));
        m.put("paused", (long) metrics.sum("nsr_index_paused_total"));
        m.put("write_failures", (long) metrics.sum("nsr_index_write_failures_total"));
        m.put("merges", (long) metrics.sum("nsr_index_merges_total"));
        return m;
    }

    /** The console panel, or null without a remote console. */
    Map<String, Object> console() {
        // nsr_console_connections beside the counter nsr_console_connections_total breaks the exposition
        // (as nsr_dashboard_clients did); a fix may rename the gauge to ..._open, so both are read
        String openGauge = metrics.seriesOf("nsr_console_connections_open").isEmpty() ? "nsr_console_connections"
                : "nsr_console_connections_open";
        if (metrics.seriesOf(openGauge).isEmpty()) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connections_open", (long) metrics.value(openGauge));
        m.put("accepted", (long) metrics.value("nsr_console_connections_total", "result", "accepted"));
        m.put("refused_busy", (long) metrics.value("nsr_console_connections_total", "result", "refused_busy"));
        m.put("auth_failed", (long) metrics.value("nsr_console_connections_total", "result", "auth_failed"));
        m.put("commands", (long) metrics.sum("nsr_console_commands_total"));
        m.put("command_errors", (long) metrics.value("nsr_console_commands_total", "result", "error"));
        // null (shown as "not available") until the console publishes subscriptions
        m.put("subscriptions", metrics.seriesOf("nsr_console_subscriptions").isEmpty() ? null
                : (long) metrics.sum("nsr_console_subscriptions"));
        return m;
    }
}
