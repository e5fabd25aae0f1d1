package org.nsr.metrics;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Formats the periodic statistics log line: the figures {@code /metrics} serves, compact enough
 * for one line. One group per source (its queue and writer carry the same name), then the
 * compression pool:
 *
 * <pre>
 * stats flowinfo{records=120 polls_ok=24 polls_failed=1(timeout=1) skipped_ticks=0 queue=3 queue_high=12
 *   blocked_ms=0 files=2 written=120 late=0} compression{backlog=0 in=10.0MiB out=1.2MiB time_ms=532}
 * </pre>
 *
 * (one line; wrapped here). Counters are totals since start, like the metrics, so two lines can be
 * subtracted. {@code polls_failed} lists its kinds only when non-zero. Reads the registry only;
 * safe from any thread.
 */
public final class StatsLine {
    private StatsLine() {
    }

    public static String format(Metrics metrics) {
        Set<String> names = new TreeSet<>();
        for (String family : new String[] {"nsr_source_records_total", "nsr_source_polls_total",
                "nsr_source_poll_failures_total", "nsr_source_skipped_ticks_total", "nsr_writer_files_total",
                "nsr_writer_records_total"}) {
            metrics.seriesOf(family).forEach(s -> addIfPresent(names, s.label("source")));
        }
        metrics.seriesOf("nsr_queue_depth").forEach(s -> addIfPresent(names, s.label("queue")));

        StringBuilder sb = new StringBuilder("stats");
        for (String name : names) {
            sb.append(' ').append(name).append('{');
            sb.append("records=").append(count(metrics.value("nsr_source_records_total", "source", name)));
            sb.append(" polls_ok=").append(count(metrics.value("nsr_source_polls_total", "source", name, "result", "ok")));
            appendFailures(sb, metrics, name);
            sb.append(" skipped_ticks=").append(count(metrics.value("nsr_source_skipped_ticks_total", "source", name)));
            sb.append(" queue=").append(count(metrics.value("nsr_queue_depth", "queue", name)));
            sb.append(" queue_high=").append(count(metrics.value("nsr_queue_high_water", "queue", name)));
            sb.append(" blocked_ms=")
                    .append(count(metrics.value("nsr_queue_blocked_seconds_total", "queue", name) * 1e3));
            sb.append(" files=").append(count(metrics.value("nsr_writer_files_total", "source", name)));
            sb.append(" written=").append(count(metrics.value("nsr_writer_records_total", "source", name)));
            sb.append(" late=").append(count(metrics.value("nsr_writer_late_records_total", "source", name)));
            sb.append('}');
        }
        sb.append(" compression{backlog=").append(count(metrics.value("nsr_compress_backlog")));
        sb.append(" in=").append(bytes(metrics.sum("nsr_compress_bytes_in_total")));
        sb.append(" out=").append(bytes(metrics.sum("nsr_compress_bytes_out_total")));
        sb.append(" time_ms=").append(count(metrics.value("nsr_compress_seconds_total") * 1e3));
        return sb.append('}').toString();
    }

    private static void appendFailures(StringBuilder sb, Metrics metrics, String source) {
        StringBuilder kinds = new StringBuilder();
        long total = 0;
        for (Metrics.Series s : metrics.seriesOf("nsr_source_poll_failures_total")) {
            long n = count(s.value());
            if (source.equals(s.label("source")) && n > 0) {
                total += n;
                kinds.append(kinds.length() == 0 ? "" : ",").append(s.label("kind")).append('=').append(n);
            }
        }
        sb.append(" polls_failed=").append(total);
        if (total > 0) {
            sb.append('(').append(kinds).append(')');
        }
    }

    private static void addIfPresent(Set<String> names, String name) {
        if (name != null) {
            names.add(name);
        }
    }

    private static long count(double v) {
        return Math.round(v);
    }

    /** Bytes in binary units with one decimal: {@code 512B}, {@code 1.5KiB}, {@code 10.0MiB}. */
    static String bytes(double v) {
        if (v < 1024) {
            return Math.round(v) + "B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double scaled = v / 1024;
        int u = 0;
        while (scaled >= 1024 && u < units.length - 1) {
            scaled /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f%s", scaled, units[u]);
    }
}
