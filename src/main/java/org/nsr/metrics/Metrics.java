package org.nsr.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The registry every component's counters and gauges live in. Thread-safe. A metric is named
 * Prometheus-style ({@code nsr_source_polls_total}) with label pairs ({@code "source", "flowinfo"});
 * asking twice for the same name and labels returns the same counter.
 *
 * <p>The hot path is ours: a {@link Counter} is a {@code LongAdder}. Exposition is the Prometheus
 * Java client's: {@link #registry()} holds a collector that turns these families into snapshots at
 * scrape time, next to the client's JVM and process metrics ({@link #exposeProcessMetrics()}).
 * Names follow Prometheus conventions: counters end in {@code _total}, times are in seconds
 * ({@link #nanosecondsCounter}), epoch times end in {@code _timestamp_seconds}.
 */
public final class Metrics {
    /** The version in the jar's manifest, or "dev" when run from classes. */
    public static final String VERSION = versionOrDev();

    private enum Type { COUNTER, GAUGE, INFO }

    private final Map<String, Family> families = new ConcurrentHashMap<>();
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final AtomicBoolean processMetrics = new AtomicBoolean();

    public Metrics() {
        registry.register(this::snapshots);
        family("nsr_build_info", "The running NSR build", Type.INFO).series.put(labelText("version", VERSION),
                new Entry(new String[] {"version", VERSION}, (DoubleSupplier) () -> 1));
    }

    /** Returns the counter for {@code name} and label pairs, creating it at zero. */
    public Counter counter(String name, String help, String... labelPairs) {
        Family f = family(name, help, Type.COUNTER);
        return (Counter) f.series.computeIfAbsent(labelText(labelPairs), k -> new Entry(labelPairs, new Counter()))
                .source;
    }

    /**
     * Returns a counter that is fed nanoseconds ({@code System.nanoTime} differences) and read and
     * exposed in seconds, the Prometheus base unit. The name must end in {@code _seconds_total}.
     */
    public Counter nanosecondsCounter(String name, String help, String... labelPairs) {
        if (!name.endsWith("_seconds_total")) {
            throw new IllegalArgumentException("metric " + name + " counts time and must end in _seconds_total");
        }
        Family f = family(name, help, Type.COUNTER);
        return ((Nanoseconds) f.series.computeIfAbsent(labelText(labelPairs),
                k -> new Entry(labelPairs, new Nanoseconds(new Counter()))).source).counter;
    }

    /** Registers (or replaces) a counter whose value another component keeps, read at exposition. */
    public void counterFrom(String name, String help, LongSupplier value, String... labelPairs) {
        family(name, help, Type.COUNTER).series.put(labelText(labelPairs), new Entry(labelPairs, value));
    }

    /** Registers (or replaces) a gauge read when metrics are exposed. */
    public void gauge(String name, String help, DoubleSupplier value, String... labelPairs) {
        family(name, help, Type.GAUGE).series.put(labelText(labelPairs), new Entry(labelPairs, value));
    }

    /** Drops every series carrying {@code label=value}, e.g. a source removed by a reload. */
    public void removeSeriesWith(String label, String value) {
        for (Family f : families.values()) {
            f.series.values().removeIf(s -> s.has(label, value));
        }
    }

    /**
     * Drops the gauges carrying {@code label=value} (a source removed by a reload: its queue is
     * gone), keeping its counters, which still say what it did.
     */
    public void removeGaugesWith(String label, String value) {
        for (Family f : families.values()) {
            if (f.type == Type.GAUGE) {
                f.series.values().removeIf(s -> s.has(label, value));
            }
        }
    }

    /** The current value of one series, or 0 when it does not exist; for stats lines and tests. */
    public double value(String name, String... labelPairs) {
        Family f = families.get(name);
        if (f == null) {
            return 0;
        }
        Entry s = f.series.get(labelText(labelPairs));
        return s == null ? 0 : s.read();
    }

    /** Sum over all series of a family whose labels contain every given pair. */
    public double sum(String name, String... labelPairs) {
        Family f = families.get(name);
        if (f == null) {
            return 0;
        }
        double total = 0;
        for (Entry s : f.series.values()) {
            boolean all = true;
            for (int i = 0; i + 1 < labelPairs.length && all; i += 2) {
                all = s.has(labelPairs[i], labelPairs[i + 1]);
            }
            if (all) {
                total += s.read();
            }
        }
        return total;
    }

    /**
     * Every series of one family with its labels and current value, sorted by label text; empty
     * when the family does not exist. For readers that must enumerate series (health checks, stats lines).
     */
    public List<Series> seriesOf(String name) {
        Family f = families.get(name);
        if (f == null) {
            return List.of();
        }
        List<Series> out = new ArrayList<>();
        for (Entry e : new TreeMap<>(f.series).values()) {
            out.add(new Series(e.labels(), e.read()));
        }
        return out;
    }

    /** One series of a family: its labels (in registration order) and its value when read. */
    public record Series(Map<String, String> labels, double value) {
        public Series {
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }

        /** The value of one label, or null when the series does not carry it. */
        public String label(String name) {
            return labels.get(name);
        }
    }

    /** One registered series: its label pairs and where its value comes from. */
    private static final class Entry {
        private final String[] pairs;
        private final Object source;

        Entry(String[] pairs, Object source) {
            this.pairs = pairs.clone();
            this.source = source;
        }

        Map<String, String> labels() {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i + 1 < pairs.length; i += 2) {
                m.put(pairs[i], pairs[i + 1]);
            }
            return m;
        }

        boolean has(String label, String value) {
            for (int i = 0; i + 1 < pairs.length; i += 2) {
                if (pairs[i].equals(label)) {
                    return pairs[i + 1].equals(value);
                }
            }
            return false;
        }

        double read() {
            if (source instanceof Counter c) {
                return c.get();
            }
            if (source instanceof Nanoseconds n) {
                return n.counter.get() / 1e9;
            }
            if (source instanceof LongSupplier l) {
                return l.getAsLong();
            }
            return ((DoubleSupplier) source).getAsDouble();
        }

        Labels prometheusLabels() {
            return pairs.length == 0 ? Labels.EMPTY : Labels.of(pairs);
        }
    }

    /** The Prometheus registry these metrics are exposed through; the endpoint scrapes it. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Adds the client's JVM and process metrics ({@code jvm_*}, {@code process_*}); idempotent. */
    public void exposeProcessMetrics() {
        if (processMetrics.compareAndSet(false, true)) {
            JvmMetrics.builder().register(registry);
        }
    }

    /** Writes every metric in the Prometheus text exposition format (version 0.0.4). */
    public void writePrometheus(Appendable out) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
        PrometheusTextFormatWriter.create().write(bytes, registry.scrape());
        out.append(bytes.toString(StandardCharsets.UTF_8));
    }

    /** Our families as the client's snapshots, sorted by name; runs at every scrape. */
    private MetricSnapshots snapshots() {
        List<MetricSnapshot> out = new ArrayList<>();
        for (Family f : new TreeMap<>(families).values()) {
            List<Entry> series = List.copyOf(f.series.values());
            switch (f.type) {
                case COUNTER -> {
                    CounterSnapshot.Builder b = CounterSnapshot.builder()
                            .name(f.name.substring(0, f.name.length() - "_total".length())).help(f.help);
                    for (Entry s : series) {
                        b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(s.read())
                                .labels(s.prometheusLabels()).build());
                    }
                    out.add(b.build());
                }
                case GAUGE -> {
                    GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(f.name).help(f.help);
                    for (Entry s : series) {
                        b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(s.read())
                                .labels(s.prometheusLabels()).build());
                    }
                    out.add(b.build());
                }
                case INFO -> {
                    InfoSnapshot.Builder b = InfoSnapshot.builder()
                            .name(f.name.substring(0, f.name.length() - "_info".length())).help(f.help);
                    for (Entry s : series) {
                        b.dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(s.prometheusLabels()).build());
                    }
                    out.add(b.build());
                }
                default -> throw new IllegalStateException("unknown metric type " + f.type);
            }
        }
        return new MetricSnapshots(out);
    }

    private Family family(String name, String help, Type type) {
        if (type == Type.COUNTER && !name.endsWith("_total")) {
            throw new IllegalArgumentException("counter " + name + " must end in _total");
        }
        if (name.endsWith("_total") && type != Type.COUNTER) {
            throw new IllegalArgumentException("metric " + name + " ends in _total and must be a counter");
        }
        Family f = families.computeIfAbsent(name, n -> new Family(n, help, type));
        if (f.type != type) {
            throw new IllegalArgumentException("metric " + name + " is a " + f.type + ", not a " + type);
        }
        return f;
    }

    private static String labelText(String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("label pairs must come in name/value pairs: " + Arrays.toString(pairs));
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

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String versionOrDev() {
        String v = Metrics.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }

    /** A counter fed nanoseconds, exposed in seconds. */
    private record Nanoseconds(Counter counter) {
    }

    private static final class Family {
        final String name;
        final String help;
        final Type type;
        final Map<String, Entry> series = new ConcurrentHashMap<>();

        Family(String name, String help, Type type) {
            this.name = name;
            this.help = help;
            this.type = type;
        }
    }
}
