package org.nsr.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.nsr.record.SortField;

/**
 * The recorder's settings, validated and sealed. Built once by {@link RecorderConfigLoader};
 * nothing changes after start.
 *
 * @param configFile where the settings came from (null for the built-in demo)
 * @param displayOnConsole log to the console instead of daily files under {@code logs/}
 * @param logLevel TRACE, DEBUG, INFO, WARN or ERROR
 * @param outputDir where recording files are written
 * @param storageInterval length of one file's time slot; files rotate on multiples of it
 * @param chunkWindow records are sorted within chunks of this length of their own time
 * @param sortBy what records are sorted by inside a chunk
 * @param flushInterval how often buffered lines are handed to the OS (bounds loss on kill -9)
 * @param syncInterval at most one fsync per source per this interval while someone waits for the
 *     durable watermark (group commit); none while nobody waits
 * @param rescueDir where a writer that cannot write at stop rescues what it holds; null for
 *     {@code output_dir/../nsr-rescue} (the system temp directory is tried after it)
 * @param stopTimeout how long a graceful stop may take before giving up with a non-zero exit
 * @param fileTimezone zone of the stamps in file names
 * @param compressionLevel deflate level 0..9, or {@link #COMPRESSION_LEVEL_AUTO}
 * @param compressionWorkers threads in the compression pool
 * @param compressionBacklog files that may wait for compression before writers block
 * @param sources the sources with their queue capacities, in config order
 * @param ops the service settings: retention, metrics endpoint, stats line, health threshold
 * @param sinks the sinks fed besides the file writer ({@code sinks:}), in config order
 * @param index what is indexed ({@code index:}), {@link IndexSettings#OFF} for nothing
 * @param console the remote console ({@code console:}), {@link ConsoleSettings#OFF} by default
 * @param instanceId the id file names carry; null for none (or the one a Kafka group makes)
 * @param classes the storage classes ({@code classes:}), {@link StorageClasses#NONE} when not configured
 */
public record RecorderConfig(
        Path configFile,
        boolean displayOnConsole,
        String logLevel,
        Path outputDir,
        Duration storageInterval,
        Duration chunkWindow,
        SortField sortBy,
        Duration flushInterval,
        Duration syncInterval,
        Path rescueDir,
        Duration stopTimeout,
        ZoneId fileTimezone,
        int compressionLevel,
        int compressionWorkers,
        int compressionBacklog,
        List<ConfiguredSource> sources,
        OpsSettings ops,
        List<SinkDefinition> sinks,
        IndexSettings index,
        ConsoleSettings console,
        String instanceId,
        StorageClasses classes) {
    /** {@code compression.level: auto}: the compression pool chooses the level from its backlog. */
    public static final int COMPRESSION_LEVEL_AUTO = -1;


    public RecorderConfig {
        sources = List.copyOf(sources);
        sinks = List.copyOf(sinks);
        classes = classes == null ? StorageClasses.NONE : classes;
    }

    /** Every setting but the storage classes: none, one file set per source as always. */
    public RecorderConfig(Path configFile, boolean displayOnConsole, String logLevel, Path outputDir,
            Duration storageInterval, Duration chunkWindow, SortField sortBy, Duration flushInterval,
            Duration syncInterval, Path rescueDir, Duration stopTimeout, ZoneId fileTimezone, int compressionLevel,
            int compressionWorkers, int compressionBacklog, List<ConfiguredSource> sources, OpsSettings ops,
            List<SinkDefinition> sinks, IndexSettings index, ConsoleSettings console, String instanceId) {
        this(configFile, displayOnConsole, logLevel, outputDir, storageInterval, chunkWindow, sortBy, flushInterval,
                syncInterval, rescueDir, stopTimeout, fileTimezone, compressionLevel, compressionWorkers,
                compressionBacklog, sources, ops, sinks, index, console, instanceId, StorageClasses.NONE);
    }

    /**
     * Every setting but the instance id, left to the recorder: none (the original file names)
     * unless a Kafka source makes it one of a group.
     */
    public RecorderConfig(Path configFile, boolean displayOnConsole, String logLevel, Path outputDir,
            Duration storageInterval, Duration chunkWindow, SortField sortBy, Duration flushInterval,
            Duration syncInterval, Path rescueDir, Duration stopTimeout, ZoneId fileTimezone, int compressionLevel,
            int compressionWorkers, int compressionBacklog, List<ConfiguredSource> sources, OpsSettings ops,
            List<SinkDefinition> sinks, IndexSettings index, ConsoleSettings console) {
        this(configFile, displayOnConsole, logLevel, outputDir, storageInterval, chunkWindow, sortBy, flushInterval,
                syncInterval, rescueDir, stopTimeout, fileTimezone, compressionLevel, compressionWorkers,
                compressionBacklog, sources, ops, sinks, index, console, null);
    }

    /** Every setting but the remote console, which stays off. */
    public RecorderConfig(Path configFile, boolean displayOnConsole, String logLevel, Path outputDir,
            Duration storageInterval, Duration chunkWindow, SortField sortBy, Duration flushInterval,
            Duration syncInterval, Path rescueDir, Duration stopTimeout, ZoneId fileTimezone, int compressionLevel,
            int compressionWorkers, int compressionBacklog, List<ConfiguredSource> sources, OpsSettings ops,
            List<SinkDefinition> sinks, IndexSettings index) {
        this(configFile, displayOnConsole, logLevel, outputDir, storageInterval, chunkWindow, sortBy, flushInterval,
                syncInterval, rescueDir, stopTimeout, fileTimezone, compressionLevel, compressionWorkers,
                compressionBacklog, sources, ops, sinks, index, ConsoleSettings.OFF);
    }

    /** Settings without further sinks and with the default index (all four keys). */
    public RecorderConfig(Path configFile, boolean displayOnConsole, String logLevel, Path outputDir,
            Duration storageInterval, Duration chunkWindow, SortField sortBy, Duration flushInterval,
            Duration syncInterval, Path rescueDir, Duration stopTimeout, ZoneId fileTimezone, int compressionLevel,
            int compressionWorkers, int compressionBacklog, List<ConfiguredSource> sources, OpsSettings ops) {
        this(configFile, displayOnConsole, logLevel, outputDir, storageInterval, chunkWindow, sortBy, flushInterval,
                syncInterval, rescueDir, stopTimeout, fileTimezone, compressionLevel, compressionWorkers,
                compressionBacklog, sources, ops, List.of(), IndexSettings.DEFAULT);
    }

    /** Settings with these sinks and the default index. */
    public RecorderConfig(Path configFile, boolean displayOnConsole, String logLevel, Path outputDir,
            Duration storageInterval, Duration chunkWindow, SortField sortBy, Duration flushInterval,
            Duration syncInterval, Path rescueDir, Duration stopTimeout, ZoneId fileTimezone, int compressionLevel,
            int compressionWorkers, int compressionBacklog, List<ConfiguredSource> sources, OpsSettings ops,
            List<SinkDefinition> sinks) {
        this(configFile, displayOnConsole, logLevel, outputDir, storageInterval, chunkWindow, sortBy, flushInterval,
                syncInterval, rescueDir, stopTimeout, fileTimezone, compressionLevel, compressionWorkers,
                compressionBacklog, sources, ops, sinks, IndexSettings.DEFAULT);
    }

    /** Settings without further sinks, with this index. */
    public RecorderConfig(Path configFile, boolean displayOnConsole, String logLevel, Path outputDir,
            Duration storageInterval, Duration chunkWindow, SortField sortBy, Duration flushInterval,
            Duration syncInterval, Path rescueDir, Duration stopTimeout, ZoneId fileTimezone, int compressionLevel,
            int compressionWorkers, int compressionBacklog, List<ConfiguredSource> sources, OpsSettings ops,
            IndexSettings index) {
        this(configFile, displayOnConsole, logLevel, outputDir, storageInterval, chunkWindow, sortBy, flushInterval,
                syncInterval, rescueDir, stopTimeout, fileTimezone, compressionLevel, compressionWorkers,
                compressionBacklog, sources, ops, List.of(), index);
    }

    /** The default group-commit interval of {@code sync_interval}. */
    public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofMillis(50);

    /** Settings with the default {@code sync_interval}. */
    public RecorderConfig(Path configFile, boolean displayOnConsole, String logLevel, Path outputDir,
            Duration storageInterval, Duration chunkWindow, SortField sortBy, Duration flushInterval,
            Duration stopTimeout, ZoneId fileTimezone, int compressionLevel, int compressionWorkers,
            int compressionBacklog, List<ConfiguredSource> sources, OpsSettings ops) {
        this(configFile, displayOnConsole, logLevel, outputDir, storageInterval, chunkWindow, sortBy, flushInterval,
                DEFAULT_SYNC_INTERVAL, null, stopTimeout, fileTimezone, compressionLevel, compressionWorkers,
                compressionBacklog, sources, ops);
    }

    /** The same settings with another list of sources: what a reload applies. */
    public RecorderConfig withSources(List<ConfiguredSource> newSources) {
        return new RecorderConfig(configFile, displayOnConsole, logLevel, outputDir, storageInterval, chunkWindow,
                sortBy, flushInterval, syncInterval, rescueDir, stopTimeout, fileTimezone, compressionLevel, compressionWorkers,
                compressionBacklog, newSources, ops, sinks, index, console, instanceId, classes);
    }

    /**
     * Settings for running as a service.
     *
     * @param retentionMaxAge archives older than this are deleted; null keeps them
     * @param retentionMaxBytes the oldest archives are deleted while all archives take more; -1 for no limit
     * @param metricsListen where /metrics and /health listen; null when {@code listen: off}
     * @param metricsToken bearer token the endpoint demands; null for none
     * @param failingThreshold a source failing for longer than this makes /health answer 503
     * @param statsInterval how often the statistics line is logged
     * @param writeFailingThreshold a writer failing to write for longer than this makes /health answer 503
     * @param blockedThreshold producers blocked on a full queue, with no drain, for longer than this make /health answer 503
     * @param logFormat {@code text} (a pattern line) or {@code json} (logback's JSON encoder, one object a line)
     * @param dashboard the live page ({@code dashboard:}), or null when it is off
     * @param detect the DDoS detector's thresholds ({@code detect:}); null when the file has no such node,
     *     then the detector runs with the defaults only beside the dashboard
     * @param columns {@code columns: true} (the YAML default): each writer writes its flow files' column sidecars
     * @param statsLog the statistics log ({@code stats_log:}), or null when it is off
     */
    public record OpsSettings(Duration retentionMaxAge, long retentionMaxBytes, InetSocketAddress metricsListen,
            String metricsToken, Duration failingThreshold, Duration statsInterval, Duration writeFailingThreshold,
            Duration blockedThreshold, String logFormat, DashboardSettings dashboard, DetectSettings detect,
            boolean columns, StatsLogSettings statsLog) {

        /** Settings without the statistics log. */
        public OpsSettings(Duration retentionMaxAge, long retentionMaxBytes, InetSocketAddress metricsListen,
                String metricsToken, Duration failingThreshold, Duration statsInterval, Duration writeFailingThreshold,
                Duration blockedThreshold, String logFormat, DashboardSettings dashboard, DetectSettings detect,
                boolean columns) {
            this(retentionMaxAge, retentionMaxBytes, metricsListen, metricsToken, failingThreshold, statsInterval,
                    writeFailingThreshold, blockedThreshold, logFormat, dashboard, detect, columns, null);
        }

        /** Settings without column sidecars. */
        public OpsSettings(Duration retentionMaxAge, long retentionMaxBytes, InetSocketAddress metricsListen,
                String metricsToken, Duration failingThreshold, Duration statsInterval, Duration writeFailingThreshold,
                Duration blockedThreshold, String logFormat, DashboardSettings dashboard, DetectSettings detect) {
            this(retentionMaxAge, retentionMaxBytes, metricsListen, metricsToken, failingThreshold, statsInterval,
                    writeFailingThreshold, blockedThreshold, logFormat, dashboard, detect, false, null);
        }

        public static final Duration DEFAULT_WRITE_FAILING_THRESHOLD = Duration.ofSeconds(10);

        /** Settings without the dashboard (it is off unless the file has a {@code dashboard} node). */
        public OpsSettings(Duration retentionMaxAge, long retentionMaxBytes, InetSocketAddress metricsListen,
                String metricsToken, Duration failingThreshold, Duration statsInterval, Duration writeFailingThreshold,
                Duration blockedThreshold, String logFormat) {
            this(retentionMaxAge, retentionMaxBytes, metricsListen, metricsToken, failingThreshold, statsInterval,
                    writeFailingThreshold, blockedThreshold, logFormat, null, null);
        }

        public static final Duration DEFAULT_BLOCKED_THRESHOLD = Duration.ofSeconds(10);

        /** Settings with the default write-failing and blocked thresholds and text logs. */
        public OpsSettings(Duration retentionMaxAge, long retentionMaxBytes, InetSocketAddress metricsListen,
                String metricsToken, Duration failingThreshold, Duration statsInterval) {
            this(retentionMaxAge, retentionMaxBytes, metricsListen, metricsToken, failingThreshold, statsInterval,
                    DEFAULT_WRITE_FAILING_THRESHOLD, DEFAULT_BLOCKED_THRESHOLD);
        }

        /** Settings with text logs. */
        public OpsSettings(Duration retentionMaxAge, long retentionMaxBytes, InetSocketAddress metricsListen,
                String metricsToken, Duration failingThreshold, Duration statsInterval, Duration writeFailingThreshold,
                Duration blockedThreshold) {
            this(retentionMaxAge, retentionMaxBytes, metricsListen, metricsToken, failingThreshold, statsInterval,
                    writeFailingThreshold, blockedThreshold, "text");
        }
    }

    /** One source with the limits of its queue: records, and payload bytes of those records. */
    public record ConfiguredSource(SourceDefinition spec, int queueCapacity, long queueMaxBytes) {
        public String name() {
            return spec.name();
        }
    }
}
