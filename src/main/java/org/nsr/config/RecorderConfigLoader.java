package org.nsr.config;

import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.nsr.config.RecorderConfig.ConfiguredSource;
import org.nsr.record.SortField;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the recorder's YAML setting file into a sealed {@link RecorderConfig}.
 *
 * <p>The format is a superset of the original recorder's file: everything sits under
 * {@code Recorder.data}. Bare numbers keep their original units (request_interval in seconds,
 * storage_interval in minutes); every duration also takes a string with a unit. Any key that is
 * not understood is an error, so a typo never falls back to a default silently. The source
 * types it knows come from the {@link SourceTypeRegistry} it is given.
 */
public final class RecorderConfigLoader {
    /** Source names end up in file names: keep them to a safe, unambiguous alphabet. */
    public static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    /** Keys a Nornir inventory host may carry beside {@code data}; the original file was one. */
    private static final String[] NORNIR_HOST_KEYS = {
        "hostname", "port", "username", "password", "platform", "groups", "connection_options", "data"};

    private static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    /** Bounds what large poll responses waiting in one queue may take of the heap. */
    private static final long DEFAULT_QUEUE_MAX_BYTES = 64L << 20;

    private RecorderConfigLoader() {
    }

    public static RecorderConfig load(Path file, SourceTypeRegistry types) throws ConfigException {
        String text = SettingFileText.read(file);
        Path dir = file.toAbsolutePath().getParent();
        return parse(parseYaml(text, file.toString()), file, dir, types);
    }

    /** Parses YAML text; syntax errors name the file, line and column. */
    public static Object parseYaml(String text, String origin) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        options.setCodePointLimit(SettingFileText.MAX_BYTES);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        try (Reader r = new java.io.StringReader(text)) {
            return yaml.load(r);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = mark == null ? "" : " line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
            throw new ConfigException(origin + ":" + where + ": invalid YAML: "
                    + (e.getProblem() != null ? e.getProblem() : e.getMessage()));
        } catch (YAMLException | IOException e) {
            throw new ConfigException(origin + ": invalid YAML: " + e.getMessage());
        }
    }

    /** Builds the config from a parsed YAML document. */
    public static RecorderConfig parse(Object document, Path file, Path configDir, SourceTypeRegistry types)
            throws ConfigException {
        if (!(document instanceof Map<?, ?> top)) {
            throw new ConfigException("Recorder: missing; expected a top-level 'Recorder:' section with a 'data:' mapping");
        }
        ConfigNode root = new ConfigNode("", top);
        ConfigNode recorder = root.child("Recorder");
        if (recorder == null) {
            throw new ConfigException("Recorder: missing; expected a top-level 'Recorder:' section with a 'data:' mapping");
        }
        root.rejectUnknownKeys();
        recorder.rejectKeysOtherThan(NORNIR_HOST_KEYS);
        ConfigNode data = recorder.child("data");
        if (data == null) {
            throw new ConfigException("Recorder.data: missing; expected a mapping of recorder settings");
        }
        return parseData(data, file, configDir, types);
    }

    private static RecorderConfig parseData(ConfigNode data, Path file, Path configDir, SourceTypeRegistry types)
            throws ConfigException {
        String kernel = data.string("ndtwin_kernel", "http://127.0.0.1:8000");
        checkUrl(data.pathOf("ndtwin_kernel"), kernel);
        Duration requestInterval = data.duration("request_interval", Duration.ofSeconds(5), ChronoUnit.SECONDS,
                Duration.ofMillis(1), Duration.ofDays(1));
        Duration storageInterval = data.duration("storage_interval", Duration.ofMinutes(2), ChronoUnit.MINUTES,
                Duration.ofMillis(100), Duration.ofDays(1));
        boolean console = data.bool("display_on_console", true);
        String logLevel = logLevel(data);
        String logFormat = data.oneOf("log_format", "text", "text", "json");
        Path outputDir = Path.of(data.string("output_dir", "./recorded_info"));
        String instanceId = data.string("instance_id", null);
        if (instanceId != null && !org.nsr.layout.InstanceId.isValid(instanceId)) {
            throw new ConfigException(data.pathOf("instance_id") + ": '" + instanceId + "' is not an instance id; "
                    + "expected 1 to 63 letters, digits, '-' or '_', starting with a letter or digit");
        }
        int defaultCapacity = data.intValue("queue_capacity", -1, 1, 10_000_000);
        long defaultMaxBytes = data.byteSize("queue_max_bytes", DEFAULT_QUEUE_MAX_BYTES, 1024, Long.MAX_VALUE);
        Duration chunkWindow = data.duration("chunk_window", Duration.ofMillis(10), ChronoUnit.MILLIS,
                Duration.ofMillis(1), Duration.ofMinutes(1));
        if (storageInterval.toNanos() % chunkWindow.toNanos() != 0) {
            throw new ConfigException(data.pathOf("chunk_window") + ": '" + Durations.format(chunkWindow)
                    + "' does not divide storage_interval " + Durations.format(storageInterval)
                    + "; expected a chunk window that fits a whole number of times into a file");
        }
        String sortName = data.string("sort_by", "timestamp");
        SortField sortBy = SortField.fromConfigName(sortName);
        if (sortBy == null) {
            throw new ConfigException(data.pathOf("sort_by") + ": '" + sortName + "' is not one of: "
                    + SortField.allConfigNames());
        }
        Duration flushInterval = data.duration("flush_interval", Duration.ofSeconds(1), ChronoUnit.SECONDS,
                Duration.ofMillis(10), Duration.ofMinutes(10));
        Duration syncInterval = data.duration("sync_interval", RecorderConfig.DEFAULT_SYNC_INTERVAL, ChronoUnit.MILLIS,
                Duration.ofMillis(1), Duration.ofSeconds(10));
        String rescue = data.string("rescue_dir", null);
        Path rescueDir = rescue == null ? null : Path.of(rescue);
        Duration stopTimeout = data.duration("stop_timeout", Duration.ofSeconds(60), ChronoUnit.SECONDS,
                Duration.ofSeconds(1), Duration.ofHours(1));
        ZoneId zone = zone(data);

        int level = RecorderConfig.COMPRESSION_LEVEL_AUTO; // 4 while compression keeps up, lower when it lags
        int workers = Runtime.getRuntime().availableProcessors();
        int backlog = 16;
        ConfigNode compression = data.child("compression");
        if (compression != null) {
            level = compressionLevel(compression, level);
            workers = compression.intValue("workers", workers, 1, 64);
            backlog = compression.intValue("backlog", backlog, 1, 1_000_000);
            compression.rejectUnknownKeys();
        }

        RecorderConfig.OpsSettings ops = ops(data, logFormat);
        IndexSettings index = IndexSettings.read(data);
        ConsoleSettings consoleSettings = ConsoleSettings.read(data);
        RecorderDefaults defaults = new RecorderDefaults(kernel, requestInterval, configDir);
        List<SinkDefinition> entrySinks = new ArrayList<>();
        List<ConfiguredSource> sources = sources(data, types, defaults, defaultCapacity, defaultMaxBytes, entrySinks);
        List<SinkDefinition> sinks = sinks(data, types, sources, entrySinks);
        StorageClasses classes = StorageClasses.read(data);
        data.rejectUnknownKeys();
        return new RecorderConfig(file, console, logLevel, outputDir, storageInterval, chunkWindow, sortBy,
                flushInterval, syncInterval, rescueDir, stopTimeout, zone, level, workers, backlog, sources, ops,
                sinks, index, consoleSettings, instanceId, classes);
    }

    /** {@code compression.level}: {@code auto} or a deflate level 0..9. */
    private static int compressionLevel(ConfigNode compression, int fallback) throws ConfigException {
        Object raw = compression.raw("level");
        if (raw instanceof String text) {
            if (text.trim().equalsIgnoreCase("auto")) {
                return RecorderConfig.COMPRESSION_LEVEL_AUTO;
            }
            throw new ConfigException(compression.pathOf("level") + ": '" + text
                    + "' is not a compression level; expected auto or a whole number 0..9");
        }
        return compression.intValue("level", fallback, 0, 9);
    }

    private static RecorderConfig.OpsSettings ops(ConfigNode data, String logFormat) throws ConfigException {
        Duration maxAge = null;
        long maxBytes = -1;
        ConfigNode retention = data.child("retention");
        if (retention != null) {
            maxAge = retention.duration("max_age", null, ChronoUnit.DAYS, Duration.ofMinutes(1), Duration.ofDays(36_500));
            maxBytes = retention.byteSize("max_total_size", -1, 1, Long.MAX_VALUE);
            retention.rejectUnknownKeys();
        }
        Duration failing = Duration.ofMinutes(5);
        Duration writeFailing = RecorderConfig.OpsSettings.DEFAULT_WRITE_FAILING_THRESHOLD;
        Duration blocked = RecorderConfig.OpsSettings.DEFAULT_BLOCKED_THRESHOLD;
        ConfigNode metrics = data.child("metrics");
        ListenerSettings listener = ListenerSettings.read(metrics, data.pathOf("metrics"), "127.0.0.1:9464");
        InetSocketAddress listen = listener.listen();
        String token = listener.token();
        if (metrics != null) {
            failing = metrics.duration("failing_threshold", failing, ChronoUnit.SECONDS, Duration.ofSeconds(1),
                    Duration.ofDays(1));
            writeFailing = metrics.duration("write_failing_threshold", writeFailing, ChronoUnit.SECONDS,
                    Duration.ofSeconds(1), Duration.ofDays(1));
            blocked = metrics.duration("blocked_threshold", blocked, ChronoUnit.SECONDS, Duration.ofSeconds(1),
                    Duration.ofDays(1));
            metrics.rejectUnknownKeys();
        }
        Duration stats = data.duration("stats_interval", Duration.ofSeconds(60), ChronoUnit.SECONDS,
                Duration.ofSeconds(1), Duration.ofDays(1));
        DashboardSettings dashboard = DashboardSettings.read(data.child("dashboard"), data.pathOf("dashboard"));
        return new RecorderConfig.OpsSettings(maxAge, maxBytes, listen, token, failing, stats, writeFailing, blocked,
                logFormat, dashboard, detect(data.child("detect")), data.bool("columns", true),
                StatsLogSettings.read(data));
    }

    private static DetectSettings detect(ConfigNode node) throws ConfigException {
        return node == null ? null : DetectSettings.read(node);
    }

    private static List<ConfiguredSource> sources(ConfigNode data, SourceTypeRegistry types, RecorderDefaults defaults,
            int defaultCapacity, long defaultMaxBytes, List<SinkDefinition> entrySinks) throws ConfigException {
        List<ConfiguredSource> out = new ArrayList<>();
        if (!data.has("sources")) {
            data.raw("sources");
            for (SourceDefinition spec : types.defaultSources(defaults)) {
                out.add(new ConfiguredSource(spec, capacityFor(spec, -1, defaultCapacity), defaultMaxBytes));
            }
            return out;
        }
        List<ConfigNode> entries = data.children("sources");
        if (entries.isEmpty()) {
            throw new ConfigException(data.pathOf("sources") + ": empty; expected at least one source, "
                    + "or no 'sources' key for the NDTwin defaults");
        }
        Set<String> names = new HashSet<>();
        for (ConfigNode entry : entries) {
            String name = entry.string("name");
            if (!SAFE_NAME.matcher(name).matches()) {
                throw new ConfigException(entry.pathOf("name") + ": '" + name + "' is not a safe file name part; "
                        + "expected 1-64 letters, digits, '_' or '-', starting with a letter or digit");
            }
            if (!names.add(name)) {
                throw new ConfigException(entry.pathOf("name") + ": '" + name + "' is used by another source; "
                        + "expected unique source names");
            }
            String typeName = entry.string("type");
            SourceTypeParser type = types.byName(typeName);
            if (type == null) {
                throw new ConfigException(entry.pathOf("type") + ": '" + typeName + "' is not one of: "
                        + types.names());
            }
            int capacity = entry.intValue("queue_capacity", -1, 1, 10_000_000);
            long maxBytes = entry.byteSize("queue_max_bytes", defaultMaxBytes, 1024, Long.MAX_VALUE);
            for (SinkTypeParser sinkType : types.entrySinkTypes()) {
                // a sink the entry asks for itself (redis_sink:), whatever the source's type
                ConfigNode own = entry.child(sinkType.entryKey());
                if (own != null) {
                    entrySinks.add(sinkType.parse(name + "-" + sinkType.name(), List.of(name), own));
                }
            }
            SourceDefinition spec = type.parse(name, entry, defaults);
            out.add(new ConfiguredSource(spec, capacityFor(spec, capacity, defaultCapacity), maxBytes));
        }
        return out;
    }

    /** {@code sinks:} — each fed from the sources it names ({@code sources:}), or from all. */
    private static List<SinkDefinition> sinks(ConfigNode data, SourceTypeRegistry types, List<ConfiguredSource> sources,
            List<SinkDefinition> entrySinks) throws ConfigException {
        List<SinkDefinition> out = new ArrayList<>(entrySinks);
        Set<String> names = new HashSet<>();
        entrySinks.forEach(s -> names.add(s.name()));
        Set<String> sourceNames = new HashSet<>();
        sources.forEach(s -> sourceNames.add(s.name()));
        for (ConfigNode entry : data.children("sinks")) {
            String name = entry.string("name");
            if (!SAFE_NAME.matcher(name).matches()) {
                throw new ConfigException(entry.pathOf("name") + ": '" + name + "' is not a safe name; "
                        + "expected 1-64 letters, digits, '_' or '-', starting with a letter or digit");
            }
            if (!names.add(name)) {
                throw new ConfigException(entry.pathOf("name") + ": '" + name + "' is used by another sink "
                        + "(a source's own sink is named <source>-<type>); expected unique sink names");
            }
            String typeName = entry.string("type");
            SinkTypeParser type = types.sinkType(typeName);
            if (type == null) {
                throw new ConfigException(entry.pathOf("type") + ": '" + typeName + "' is not one of: "
                        + types.sinkTypeNames());
            }
            List<String> fedFrom = entry.strings("sources");
            for (String s : fedFrom) {
                if (!sourceNames.contains(s)) {
                    throw new ConfigException(entry.pathOf("sources") + ": '" + s + "' is not a configured source; "
                            + "expected some of: " + String.join(", ", sourceNames) + " (or no 'sources' for all)");
                }
            }
            out.add(type.parse(name, fedFrom, entry));
        }
        return out;
    }

    private static int capacityFor(SourceDefinition spec, int own, int recorderDefault) {
        if (own > 0) {
            return own;
        }
        if (recorderDefault > 0) {
            return recorderDefault;
        }
        return spec.preferredQueueCapacity() > 0 ? spec.preferredQueueCapacity() : DEFAULT_QUEUE_CAPACITY;
    }

    private static String logLevel(ConfigNode data) throws ConfigException {
        String raw = data.string("log_level", "INFO");
        String level = raw.trim().toUpperCase(java.util.Locale.ROOT);
        // The original was a Python program: accept its spellings too.
        if (level.equals("WARNING")) {
            level = "WARN";
        } else if (level.equals("CRITICAL")) {
            level = "ERROR";
        }
        if (!List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR").contains(level)) {
            throw new ConfigException(data.pathOf("log_level") + ": '" + raw
                    + "' is not one of: TRACE, DEBUG, INFO, WARN (WARNING), ERROR (CRITICAL)");
        }
        return level;
    }

    private static ZoneId zone(ConfigNode data) throws ConfigException {
        String raw = data.string("file_timezone", "local");
        if (raw.equalsIgnoreCase("local")) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(raw);
        } catch (DateTimeException e) {
            throw new ConfigException(data.pathOf("file_timezone") + ": '" + raw
                    + "' is not a time zone; expected 'local', 'UTC' or a region such as 'Asia/Taipei'");
        }
    }

    /** Checks an http(s) URL with a host; shared with source types that take URLs. */
    public static void checkUrl(String keyPath, String url) throws ConfigException {
        try {
            java.net.URI uri = new java.net.URI(url);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new java.net.URISyntaxException(url, "not an absolute http(s) URL with a host");
            }
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(keyPath + ": '" + url + "' is not a URL; expected e.g. http://127.0.0.1:8000");
        }
    }
}
