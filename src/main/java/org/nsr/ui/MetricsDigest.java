package org.nsr.ui;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.nsr.metrics.Metrics;

/**
 * What the dashboard shows of the recorder itself, read from {@link Metrics} (the same numbers as
 * {@code /metrics}, so the page and the exposition agree): per source its records and polls, the
 * per-second rate of the last tick, failures by kind, last success and queue depth against capacity;
 * for the pipeline the writer's files and bytes, the compression backlog and ratio, disk used and
 * free under the output directory, and retention deletions.
 *
 * <p>Called from the publisher's one thread; not thread-safe.
 */
final class MetricsDigest {
    private static final long DISK_EVERY_NANOS = 10_000_000_000L;

    private final Metrics metrics;
    private final Path outputDir;
    private final Map<String, double[]> lastCount = new LinkedHashMap<>(); // source → {count, nanos}
    private long diskCheckedNanos = Long.MIN_VALUE;
    private long dirBytes = -1;

    MetricsDigest(Metrics metrics, Path outputDir) {
        this.metrics = metrics;
        this.outputDir = outputDir;
    }

    /** Every source that has any series, in a stable order. */
    Set<String> sources() {
        Set<String> names = new LinkedHashSet<>();
        for (String family : new String[] {"nsr_source_records_total", "nsr_source_polls_total",
                "nsr_writer_records_total"}) {
            metrics.seriesOf(family).forEach(s -> {
                if (s.label("source") != null) {
                    names.add(s.label("source"));
                }
            });
        }
        metrics.seriesOf("nsr_queue_depth").forEach(s -> names.add(s.label("queue")));
        return names;
    }

    /** The records (or polls) a source has made: records if it counts them, else its polls. */
    double produced(String source) {
        double records = metrics.value("nsr_source_records_total", "source", source);
        return records > 0 ? records : metrics.sum("nsr_source_polls_total", "source", source);
    }

    /** Per source, one map of the numbers shown; {@code rate} is per second since the previous call. */
    List<Map<String, Object>> perSource(long nowNanos) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String s : sources()) {
            Map<String, Object> m = new LinkedHashMap<>();
            double produced = produced(s);
            double[] last = lastCount.get(s);
            double rate = last == null || nowNanos <= last[1] ? 0 : (produced - last[0]) / ((nowNanos - last[1]) / 1e9);
            lastCount.put(s, new double[] {produced, nowNanos});
            m.put("name", s);
            m.put("records", (long) metrics.value("nsr_source_records_total", "source", s));
            m.put("polls_ok", (long) metrics.value("nsr_source_polls_total", "source", s, "result", "ok"));
            m.put("polls_failed", (long) metrics.value("nsr_source_polls_total", "source", s, "result", "failed"));
            m.put("rate", Math.max(0, rate));
            Map<String, Long> failures = new LinkedHashMap<>();
            for (Metrics.Series f : metrics.seriesOf("nsr_source_poll_failures_total")) {
                if (s.equals(f.label("source")) && f.value() > 0) {
                    failures.put(f.label("kind"), (long) f.value());
                }
            }
            m.put("failures", failures);
            m.put("last_success", metrics.value("nsr_source_last_success_timestamp_seconds", "source", s));
            m.put("queue_depth", (long) metrics.value("nsr_queue_depth", "queue", s));
            m.put("queue_capacity", (long) metrics.value("nsr_queue_capacity", "queue", s));
            m.put("dropped_by_taps", (long) metrics.sum("nsr_sink_dropped_total", "source", s));
            out.add(m);
        }
        return out;
    }

    Map<String, Object> pipeline(long nowNanos) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("writer_files", (long) metrics.sum("nsr_writer_files_total"));
        m.put("writer_bytes", (long) metrics.sum("nsr_writer_bytes_total"));
        m.put("compress_backlog", (long) metrics.value("nsr_compress_backlog"));
        double in = metrics.sum("nsr_compress_bytes_in_total");
        double outBytes = metrics.sum("nsr_compress_bytes_out_total");
        m.put("compress_ratio", in > 0 ? outBytes / in : 0);
        m.put("compress_files", (long) metrics.sum("nsr_compress_files_total"));
        m.put("retention_deleted_files", (long) metrics.sum("nsr_retention_deleted_files_total"));
        m.put("retention_deleted_bytes", (long) metrics.sum("nsr_retention_deleted_bytes_total"));
        if (outputDir != null) {
            disk(m, nowNanos);
        }
        return m;
    }

    private void disk(Map<String, Object> m, long nowNanos) {
        try {
            FileStore store = Files.getFileStore(outputDir);
            m.put("disk_free", store.getUsableSpace());
            m.put("disk_total", store.getTotalSpace());
        } catch (IOException e) {
            m.put("disk_error", e.toString());
        }
        // Walking the directory costs a little, so it is done every 10 s, not every tick.
        if (diskCheckedNanos == Long.MIN_VALUE || nowNanos - diskCheckedNanos >= DISK_EVERY_NANOS) {
            diskCheckedNanos = nowNanos;
            try (Stream<Path> all = Files.walk(outputDir)) {
                dirBytes = all.filter(Files::isRegularFile).mapToLong(p -> {
                    try {
                        return Files.size(p);
                    } catch (IOException e) {
                        return 0; // deleted while walking (retention)
                    }
                }).sum();
            } catch (IOException | java.io.UncheckedIOException e) {
                dirBytes = -1;
            }
        }
        m.put("disk_used_by_recording", dirBytes);
    }
}
