package org.nsr.metrics;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * One object of the statistics log: what the stats line says, as JSON, plus the index and the
 * console. Counters are totals since start (as in {@code /metrics}), so two objects can be
 * subtracted; gauges are the value now. Reads the registry only; safe from any thread.
 */
public final class StatsSnapshot {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private StatsSnapshot() {
    }

    public static ObjectNode of(Metrics m, Instant now) {
        ObjectNode o = JSON.objectNode();
        o.put("time", now.toString());
        ObjectNode sources = o.putObject("sources");
        for (String s : sourceNames(m)) {
            ObjectNode n = sources.putObject(s);
            n.put("records", count(m.value("nsr_source_records_total", "source", s)));
            n.put("polls_ok", count(m.value("nsr_source_polls_total", "source", s, "result", "ok")));
            n.put("polls_failed", count(m.sum("nsr_source_poll_failures_total", "source", s)));
            n.put("skipped_ticks", count(m.value("nsr_source_skipped_ticks_total", "source", s)));
            ObjectNode q = n.putObject("queue");
            q.put("depth", count(m.value("nsr_queue_depth", "queue", s)));
            q.put("high_water", count(m.value("nsr_queue_high_water", "queue", s)));
            q.put("accepted", count(m.value("nsr_queue_accepted_total", "queue", s)));
            q.put("blocked_ms", count(m.value("nsr_queue_blocked_seconds_total", "queue", s) * 1e3));
            ObjectNode w = n.putObject("writer");
            w.put("files", count(m.value("nsr_writer_files_total", "source", s)));
            w.put("records", count(m.value("nsr_writer_records_total", "source", s)));
            w.put("bytes", count(m.value("nsr_writer_bytes_total", "source", s)));
            w.put("late", count(m.value("nsr_writer_late_records_total", "source", s)));
            w.put("durable_seq", count(m.value("nsr_sink_durable_seq", "source", s)));
            w.put("archived_seq", count(m.value("nsr_sink_archived_seq", "source", s)));
            n.put("sink_dropped", count(m.sum("nsr_sink_dropped_total", "source", s)));
        }
        ObjectNode c = o.putObject("compression");
        c.put("backlog", count(m.value("nsr_compress_backlog")));
        c.put("bytes_in", count(m.sum("nsr_compress_bytes_in_total")));
        c.put("bytes_out", count(m.sum("nsr_compress_bytes_out_total")));
        c.put("time_ms", count(m.value("nsr_compress_seconds_total") * 1e3));
        ObjectNode index = o.putObject("index");
        ObjectNode lag = index.putObject("lag_records");
        m.seriesOf("nsr_index_lag_records").forEach(x -> lag.put(String.valueOf(x.label("source")), count(x.value())));
        ObjectNode files = index.putObject("files");
        m.seriesOf("nsr_index_files").forEach(x -> files.put(labelsOf(x), count(x.value())));
        ObjectNode levels = index.putObject("files_per_level");
        m.seriesOf("nsr_index_level_files").forEach(x -> levels.put(labelsOf(x), count(x.value())));
        index.put("merges", count(m.sum("nsr_index_merges_total")));
        index.put("catchup_backlog", count(m.sum("nsr_index_catchup_backlog")));
        index.put("dropped", count(m.sum("nsr_index_dropped_total")));
        index.put("write_failures", count(m.sum("nsr_index_write_failures_total")));
        ObjectNode console = o.putObject("console");
        console.put("connections", count(m.value("nsr_console_connections_open")));
        ObjectNode conns = console.putObject("connections_total");
        m.seriesOf("nsr_console_connections_total").forEach(x -> conns.put(x.label("result"), count(x.value())));
        console.put("commands", count(m.sum("nsr_console_commands_total")));
        console.put("command_errors", count(m.value("nsr_console_commands_total", "result", "error")));
        console.put("queries_rejected", count(m.value("nsr_console_queries_rejected_total")));
        console.put("subscriptions", count(m.value("nsr_console_subscriptions")));
        console.put("subscriptions_total", count(m.value("nsr_console_subscriptions_total")));
        console.put("subscription_records", count(m.value("nsr_console_subscription_records_total")));
        ObjectNode drops = console.putObject("subscriptions_dropped");
        m.seriesOf("nsr_console_subscriptions_dropped_total").forEach(x -> drops.put(x.label("reason"),
                count(x.value())));
        return o;
    }

    /** {@code ip} for a series labelled index=ip; every label value joined by '/' otherwise. */
    private static String labelsOf(Metrics.Series s) {
        return String.join("/", s.labels().values());
    }

    private static Set<String> sourceNames(Metrics m) {
        Set<String> names = new TreeSet<>();
        for (String family : new String[] {"nsr_source_records_total", "nsr_writer_records_total"}) {
            m.seriesOf(family).forEach(s -> {
                if (s.label("source") != null) {
                    names.add(s.label("source"));
                }
            });
        }
        m.seriesOf("nsr_queue_depth").forEach(s -> {
            if (s.label("queue") != null) {
                names.add(s.label("queue"));
            }
        });
        return names;
    }

    private static long count(double v) {
        return Math.round(v);
    }
}
