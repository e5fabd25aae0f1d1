package org.nsr.cli;

import java.lang.reflect.RecordComponent;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.nsr.config.Durations;
import org.nsr.config.RecorderConfig;
import org.nsr.config.RecorderConfig.ConfiguredSource;
import org.nsr.config.RecorderConfig.OpsSettings;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A sealed {@link RecorderConfig} written back as a setting file, every default filled in, for
 * {@code nsr check}. The recorder keys are listed by hand so they keep the setting file's names;
 * a source's settings are read off its spec record (component names in snake_case), so a new
 * source type shows up without changes here.
 */
final class EffectiveConfig {
    private EffectiveConfig() {
    }

    static String yaml(RecorderConfig cfg) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("display_on_console", cfg.displayOnConsole());
        data.put("log_level", cfg.logLevel());
        data.put("log_format", cfg.ops().logFormat());
        data.put("output_dir", cfg.outputDir().toString());
        if (cfg.instanceId() != null) {
            data.put("instance_id", cfg.instanceId());
        }
        data.put("storage_interval", Durations.format(cfg.storageInterval()));
        data.put("chunk_window", Durations.format(cfg.chunkWindow()));
        data.put("sort_by", cfg.sortBy().toString().toLowerCase(Locale.ROOT));
        data.put("flush_interval", Durations.format(cfg.flushInterval()));
        data.put("sync_interval", Durations.format(cfg.syncInterval()));
        data.put("rescue_dir", cfg.rescueDir() == null ? "default (output_dir/../nsr-rescue, then the temp directory)"
                : cfg.rescueDir().toString());
        data.put("stop_timeout", Durations.format(cfg.stopTimeout()));
        data.put("file_timezone", cfg.fileTimezone().getId());
        Map<String, Object> compression = new LinkedHashMap<>();
        compression.put("level", cfg.compressionLevel());
        compression.put("workers", cfg.compressionWorkers());
        compression.put("backlog", cfg.compressionBacklog());
        data.put("compression", compression);
        OpsSettings ops = cfg.ops();
        Map<String, Object> retention = new LinkedHashMap<>();
        retention.put("max_age", ops.retentionMaxAge() == null ? "keep all" : Durations.format(ops.retentionMaxAge()));
        retention.put("max_total_size", ops.retentionMaxBytes() < 0 ? "no limit" : ops.retentionMaxBytes());
        data.put("retention", retention);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("listen", ops.metricsListen() == null ? "off" : address(ops.metricsListen()));
        metrics.put("token", ops.metricsToken() == null ? "none" : "(set, " + ops.metricsToken().length() + " characters)");
        metrics.put("failing_threshold", Durations.format(ops.failingThreshold()));
        metrics.put("write_failing_threshold", Durations.format(ops.writeFailingThreshold()));
        metrics.put("blocked_threshold", Durations.format(ops.blockedThreshold()));
        data.put("metrics", metrics);
        data.put("stats_interval", Durations.format(ops.statsInterval()));
        if (cfg.index().enabled()) {
            Map<String, Object> index = new LinkedHashMap<>();
            index.put("keys", cfg.index().keys());
            index.put("inactivity_timeout", Durations.format(cfg.index().inactivityTimeout()));
            index.put("merge_fanout", cfg.index().mergeFanout());
            index.put("flush_interval", Durations.format(cfg.index().flushInterval()));
            data.put("index", index);
        } else {
            data.put("index", "off");
        }
        if (ops.dashboard() != null) {
            Map<String, Object> dashboard = new LinkedHashMap<>();
            dashboard.put("listen", address(ops.dashboard().listener().listen()));
            String token = ops.dashboard().listener().token();
            dashboard.put("token", token == null ? "none" : "(set, " + token.length() + " characters)");
            dashboard.put("max_clients", ops.dashboard().maxClients());
            dashboard.put("client_events", ops.dashboard().clientEvents());
            dashboard.put("refresh", Durations.format(ops.dashboard().refresh()));
            data.put("dashboard", dashboard);
        }
        List<Object> sources = new ArrayList<>();
        for (ConfiguredSource s : cfg.sources()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", s.name());
            entry.put("type", s.spec().type());
            Object spec = value(s.spec());
            if (spec instanceof Map<?, ?> m) {
                m.forEach((k, v) -> entry.putIfAbsent(String.valueOf(k), v));
            }
            entry.put("queue_capacity", s.queueCapacity());
            entry.put("queue_max_bytes", s.queueMaxBytes());
            sources.add(entry);
        }
        data.put("sources", sources);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(120);
        String header = "# effective configuration" + (cfg.configFile() == null ? "" : " of " + cfg.configFile())
                + ", every default filled in\n";
        return header + new Yaml(options).dump(Map.of("Recorder", Map.of("data", data)));
    }

    private static String address(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    /** Plain YAML values: maps, lists, strings, numbers and booleans. */
    private static Object value(Object v) {
        if (v == null) {
            return "none";
        }
        if (v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Duration d) {
            return d.isZero() ? "0s" : Durations.format(d);
        }
        if (v instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        if (v instanceof Path || v instanceof ZoneId) {
            return v.toString();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), value(x)));
            return out;
        }
        if (v instanceof Collection<?> c) {
            return c.stream().map(EffectiveConfig::value).toList();
        }
        if (v.getClass().isRecord()) {
            String text = v.toString();
            if (!text.startsWith(v.getClass().getSimpleName() + "[")) {
                return text; // the record has its own notation, e.g. a subnet 10.0.0.0/8
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (RecordComponent c : v.getClass().getRecordComponents()) {
                try {
                    out.put(snake(c.getName()), value(c.getAccessor().invoke(v)));
                } catch (ReflectiveOperationException e) {
                    out.put(snake(c.getName()), "(unreadable: " + e + ")");
                }
            }
            return out;
        }
        return v.toString();
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
