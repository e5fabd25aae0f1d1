package org.nsr.metrics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * The registry every component's counters and gauges live in. Thread-safe. A metric is named
 * Prometheus-style ({@code nsr_source_polls_total}) with label pairs ({@code "source", "flowinfo"});
 * asking twice for the same name and labels returns the same counter.
 */
public final class Metrics {
    private final Map<String, Family> families = new ConcurrentHashMap<>();

    /** Returns the counter for {@code name} and label pairs, creating it at zero. */
    public Counter counter(String name, String help, String... labelPairs) {
        Family f = family(name, help, "counter");
        return (Counter) f.series.computeIfAbsent(labelText(labelPairs), k -> new Counter());
    }

    /** Registers (or replaces) a gauge read when metrics are exposed. */
    public void gauge(String name, String help, DoubleSupplier value, String... labelPairs) {
        family(name, help, "gauge").series.put(labelText(labelPairs), value);
    }

    /** Drops every series carrying {@code label=value}, e.g. a source removed by a reload. */
    public void removeSeriesWith(String label, String value) {
        String needle = label + "=\"" + escape(value) + "\"";
        for (Family f : families.values()) {
            f.series.keySet().removeIf(k -> k.contains(needle));
        }
    }

    /**
     * Drops the gauges carrying {@code label=value} (a source removed by a reload: its queue is
     * gone), keeping its counters, which still say what it did.
     */
    public void removeGaugesWith(String label, String value) {
        String needle = label + "=\"" + escape(value) + "\"";
        for (Family f : families.values()) {
            if (f.type.equals("gauge")) {
                f.series.keySet().removeIf(k -> k.contains(needle));
            }
        }
    }

    /** The current value of one series, or 0 when it does not exist; for stats lines and tests. */
    public double value(String name, String... labelPairs) {
        Family f = families.get(name);
        if (f == null) {
            return 0;
        }
        Object s = f.series.get(labelText(labelPairs));
        return s == null ? 0 : read(s);
    }

    /** Sum over all series of a family whose labels contain every given pair. */
    public double sum(String name, String... labelPairs) {
        Family f = families.get(name);
        if (f == null) {
            return 0;
        }
        List<String> needles = new ArrayList<>();
        for (int i = 0; i + 1 < labelPairs.length; i += 2) {
            needles.add(labelPairs[i] + "=\"" + escape(labelPairs[i + 1]) + "\"");
        }
        double total = 0;
        for (Map.Entry<String, Object> e : f.series.entrySet()) {
            if (needles.stream().allMatch(e.getKey()::contains)) {
                total += read(e.getValue());
            }
        }
        return total;
    }

    /**
     * Every series of one family with its labels parsed back, sorted by label text; empty when the
     * family does not exist. For readers that must enumerate series (health checks, stats lines).
     */
    public List<Series> seriesOf(String name) {
        Family f = families.get(name);
        if (f == null) {
            return List.of();
        }
        List<Series> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : new TreeMap<>(f.series).entrySet()) {
            out.add(new Series(parseLabels(e.getKey()), read(e.getValue())));
        }
        return out;
    }

    /** One series of a family: its labels (in registration order) and its current value. */
    public record Series(Map<String, String> labels, double value) {
        public Series {
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }

        /** The value of one label, or null when the series does not carry it. */
        public String label(String name) {
            return labels.get(name);
        }
    }

    /** Writes every metric in the Prometheus text exposition format (version 0.0.4). */
    public void writePrometheus(Appendable out) throws IOException {
        for (Family f : new TreeMap<>(families).values()) {
            out.append("# HELP ").append(f.name).append(' ').append(f.help).append('\n');
            out.append("# TYPE ").append(f.name).append(' ').append(f.type).append('\n');
            for (Map.Entry<String, Object> e : new TreeMap<>(f.series).entrySet()) {
                out.append(f.name);
                if (!e.getKey().isEmpty()) {
                    out.append('{').append(e.getKey()).append('}');
                }
                out.append(' ').append(formatValue(read(e.getValue()))).append('\n');
            }
        }
    }

    private Family family(String name, String help, String type) {
        Family f = families.computeIfAbsent(name, n -> new Family(n, help, type));
        if (!f.type.equals(type)) {
            throw new IllegalArgumentException("metric " + name + " is a " + f.type + ", not a " + type);
        }
        return f;
    }

    private static double read(Object series) {
        return series instanceof Counter c ? c.get() : ((DoubleSupplier) series).getAsDouble();
    }

    private static String formatValue(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private static String labelText(String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("label pairs must come in name/value pairs");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(pairs[i]).append("=\"").append(escape(pairs[i + 1])).append('"');
        }
        return sb.toString();
    }

    /** Inverse of {@link #labelText}: {@code a="x",b="y"} back to pairs, undoing the escapes. */
    private static Map<String, String> parseLabels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        int i = 0;
        while (i < text.length()) {
            int eq = text.indexOf("=\"", i);
            String name = text.substring(i, eq);
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; text.charAt(j) != '"'; j++) {
                char c = text.charAt(j);
                if (c == '\\') {
                    char next = text.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
            }
            labels.put(name, value.toString());
            i = j + 2; // past the closing quote and the comma
        }
        return labels;
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static final class Family {
        final String name;
        final String help;
        final String type;
        final Map<String, Object> series = new ConcurrentHashMap<>();

        Family(String name, String help, String type) {
            this.name = name;
            this.help = help;
            this.type = type;
        }
    }
}
