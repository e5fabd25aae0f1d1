package org.nsr.app;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.nsr.archive.CompressionPool;
import org.nsr.archive.Retention;
import org.nsr.archive.RetentionChecker;
import org.nsr.config.RecorderConfig;
import org.nsr.config.RecorderConfig.ConfiguredSource;
import org.nsr.core.SystemTicker;
import org.nsr.core.Ticker;
import org.nsr.console.RecorderBackend;
import org.nsr.console.RemoteConsoleServer;
import org.nsr.console.SubscriptionHub;
import org.nsr.index.Indexer;
import org.nsr.lifecycle.Service;
import org.nsr.lifecycle.ServiceManager;
import org.nsr.metrics.Metrics;
import org.nsr.sink.ArchivedTracker;
import org.nsr.sink.FileEvents;
import org.nsr.sink.SinkFactory;
import org.nsr.sink.Syncer;
import org.nsr.sink.Watermarks;
import org.nsr.write.CompletedFileListener;
import org.nsr.write.QueueWriter;
import org.nsr.write.Rescue;
import org.nsr.write.RollCycle;
import org.nsr.write.WriterSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of one recording: builds compression, retention and one pipeline per
 * source, registers them with the {@link ServiceManager} by layer, and applies reloads.
 *
 * <p>Start (the manager, layer by layer): compression, which first recovers the output
 * directory, and retention; then the writers; then the sources. Stop is the reverse under one
 * deadline: sources stop (a poll in flight completes and is queued) → writers drain their
 * queues and publish their last files → compression archives every remaining file. Everything
 * accepted ends up in an archive unless the deadline passes first; then what is left is logged
 * and stays on disk for recovery at the next start.
 *
 * <p>Threading: start, reload, resumePendingRestarts, stop and logSummary are called from one
 * control thread; {@link #state()}, {@link #failure()} and {@link #problems()} from any thread.
 */
public final class Recorder {
    private static final Logger log = LoggerFactory.getLogger(Recorder.class);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    /** Lifecycle states as /health reports them. */
    public enum State { NEW, STARTING, RUNNING, DRAINING, STOPPED }

    private final Ticker ticker;
    private final Metrics metrics;
    private final ServiceManager manager;
    private final List<SinkFactory> sinkTypes;
    private final Syncer syncer;
    private final FileEvents events = new FileEvents();
    private final Watermarks watermarks;
    private final Map<String, Pipeline> pipelines = new LinkedHashMap<>();
    private final List<Pipeline> retired = new ArrayList<>();
    /** Sources replaced by a handover: forgotten by the manager once they have stopped. */
    private final List<Service> replacedRunners = new ArrayList<>();
    /**
     * Sources a reload changed whose previous writer was still draining: each starts once that
     * writer has finished, so two writers of one source never share its file names.
     */
    private final Map<String, ConfiguredSource> pendingRestarts = new ConcurrentHashMap<>();
    private final PipelineFactory factory;
    /** The running pipelines as the health endpoint's thread may read them; replaced, never changed. */
    private volatile List<Pipeline> runningSnapshot = List.of();
    private RecorderConfig config;
    private CompressionPool compression;
    private long startedNanos;

    public Recorder(RecorderConfig config, Clock clock, Metrics metrics) {
        this(config, new SystemTicker(clock), metrics, new ServiceManager(new SystemTicker(clock)), List.of(),
                Syncer.FORCE);
    }

    /**
     * @param manager the coordinator; the caller may have registered its own services (the
     *     output-directory lock, the endpoint, timers) in their layers
     * @param sinkTypes registered kinds of sink fed besides the file writer
     * @param syncer how the writers fsync for group commits
     */
    public Recorder(RecorderConfig config, Ticker ticker, Metrics metrics, ServiceManager manager,
            List<SinkFactory> sinkTypes, Syncer syncer) {
        this.config = config;
        this.ticker = ticker;
        this.metrics = metrics;
        this.manager = manager;
        this.sinkTypes = List.copyOf(sinkTypes);
        this.syncer = syncer;
        this.watermarks = new Watermarks(metrics);
        this.factory = new PipelineFactory(ticker, metrics, watermarks, events, syncer);
        events.subscribe(new ArchivedTracker(watermarks));
    }

    public State state() {
        return switch (manager.phase()) {
            case NEW -> State.NEW;
            case STARTING -> State.STARTING;
            case RUNNING -> State.RUNNING;
            case STOPPING -> State.DRAINING;
            case STOPPED -> State.STOPPED;
        };
    }

    public void start() throws IOException, InterruptedException {
        startedNanos = ticker.nanoTime();
        // Before recovery (compression's start): the manifest of this start, then the files an earlier stop rescued.
        manager.add(Layers.ARCHIVE, new StartStep("recording manifest", () -> {
            Files.createDirectories(config.outputDir());
            ManifestAtStart.record(config, ticker.asClock()); // .nsr/recording.json: zone, interval, sources
        }));
        manager.add(Layers.ARCHIVE, new StartStep("rescue take-back",
                () -> Rescue.takeBack(rescueDirs(), config.outputDir())));
        compression = new CompressionPool(config.compressionLevel(), config.compressionWorkers(),
                config.compressionBacklog(), RETRY_PAUSE, metrics, ticker, events, config.outputDir());
        manager.add(Layers.ARCHIVE, compression);
        CompletedFileListener afterWriter = compression;
        RecorderConfig.OpsSettings ops = config.ops();
        List<Retention> retentions = RetentionPlan.of(config, ticker.asClock(), metrics);
        if (!retentions.isEmpty()) {
            RetentionChecker retention = new RetentionChecker(retentions, config.outputDir(), metrics, events);
            manager.add(Layers.ARCHIVE, retention);
            // Retention is checked at each rotation, on its own thread so the writer never waits for it.
            afterWriter = (json, name, facts) -> {
                compression.fileCompleted(json, name, facts);
                retention.requestCheck();
            };
        }
        if (ops.columns()) {
            // column sidecars: each writer writes its file's as it writes the file, published with the archive
            org.nsr.replay.columns.ColumnSidecars columns = new org.nsr.replay.columns.ColumnSidecars(metrics,
                    config.outputDir());
            events.subscribe(columns);
            manager.add(Layers.ENDPOINT, columns); // up for the whole drain: binds what compression makes then
            factory.tap(new org.nsr.replay.columns.ColumnTap(metrics));
        }
        List<SinkFactory> types = new ArrayList<>(sinkTypes);
        if (config.index().enabled()) {
            // The index: its own service (stopped after the feeds, which stop after the writers) and one feed a source.
            Indexer indexer = new Indexer(config.outputDir(), config.index(), ticker, metrics);
            events.subscribe(indexer);
            manager.add(Layers.ARCHIVE, indexer);
            types.add(indexer.sinkFactory());
        }
        if (config.console().enabled()) {
            // Up from the start to the end of the drain, like /metrics: stopped after the sources and
            // writers, so a subscriber sees every record the recorder accepted before it hears the stop.
            SubscriptionHub hub = new SubscriptionHub(watermarks, config.console().subscriptionBuffer(), metrics);
            types.add(hub); // each source's tap for live subscriptions
            manager.add(Layers.ENDPOINT, new RemoteConsoleServer(config.console(),
                    new RecorderBackend(config.outputDir(), metrics), hub, metrics));
        }
        factory.configure(new WriterSettings(config.outputDir(), new RollCycle(config.storageInterval(),
                config.fileTimezone()), config.chunkWindow(), config.sortBy(), config.flushInterval(),
                config.syncInterval(), RETRY_PAUSE, rescueDirs()), instanceId(), afterWriter, types, config.classes());
        for (ConfiguredSource cs : config.sources()) {
            Pipeline p = factory.create(cs);
            pipelines.put(cs.name(), p);
            p.register(manager);
        }
        runningSnapshot = List.copyOf(pipelines.values());
        manager.startAll(config.stopTimeout());
        log.info("recording {} source(s) into {} (files every {}, chunks of {}, sorted by {})", pipelines.size(),
                config.outputDir().toAbsolutePath(), config.storageInterval(), config.chunkWindow(),
                config.sortBy().configName());
    }

    /**
     * The id the file names carry: the configured one; else, when a Kafka source makes this recorder
     * one of a group, the one kept in the output directory (generated at the first start); else none,
     * so the names stay the original recorder's.
     */
    private String instanceId() throws IOException {
        if (config.instanceId() != null) {
            return config.instanceId();
        }
        boolean grouped = config.sources().stream().anyMatch(s -> s.spec().type().equals("kafka"));
        if (!grouped) {
            return "";
        }
        String id = org.nsr.layout.InstanceId.ofDir(config.outputDir());
        log.info("instance id {} (from {}/.nsr/instance-id): file names carry it, so the recorders of a group "
                + "never collide", id, config.outputDir());
        return id;
    }

    /**
     * Applies a new config's sources while recording goes on: removed sources are stopped and
     * drained, added ones started, changed ones drained and started again under the new
     * settings. Nothing accepted is lost: a stopped source's queue is drained into its last file,
     * which is published and archived. Recorder-wide settings need a restart; a change to them is
     * logged and ignored.
     *
     * @return a line saying what changed
     */
    public String reload(RecorderConfig next, Duration timeout) throws IOException, InterruptedException {
        ReloadPlan plan = ReloadPlan.of(config, next, pipelines.keySet(), name -> pipelines.get(name).source(),
                pendingRestarts);
        List<Pipeline> toStop = plan.toStop().stream().map(pipelines::get).toList();
        List<Service> services = new ArrayList<>();
        toStop.forEach(p -> services.addAll(p.services()));
        ServiceManager.StopReport report = manager.stop(services, timeout, false);
        toStop.forEach(p -> pipelines.remove(p.source().name()));
        runningSnapshot = List.copyOf(pipelines.values());
        for (String gone : plan.removed()) {
            // Its queue and its failure streak are gone with it: /health must not judge a dead source.
            metrics.removeGaugesWith("queue", gone);
            metrics.removeGaugesWith("source", gone);
        }
        retired.addAll(toStop);
        if (!report.lagged().isEmpty()) {
            log.warn("reload: a stopped source did not drain within {} ms; its files are recovered at next start",
                    timeout.toMillis());
        }
        for (ConfiguredSource s : plan.handovers()) {
            handOver(s, timeout);
        }
        for (ConfiguredSource s : plan.toStart()) {
            Pipeline old = toStop.stream().filter(p -> p.source().name().equals(s.name())).findFirst().orElse(null);
            if (old != null && !old.writersFinished()) {
                // Two writers of one source would share its file names: start it once the old one is done.
                log.warn("reload: source {} restarts once its previous writer has drained", s.name());
                pendingRestarts.put(s.name(), s);
                continue;
            }
            startPipeline(s);
        }
        config = config.withSources(next.sources());
        return plan.summary();
    }

    /**
     * A changed source hands over to its successor: the old source stops (its poll in flight is
     * still queued), the new one starts on the same channel, and the writer, which belongs to the
     * source name, goes on with its open file.
     */
    private void handOver(ConfiguredSource next, Duration timeout) throws InterruptedException {
        Pipeline old = pipelines.get(next.name());
        ServiceManager.StopReport report = manager.stop(List.of(old.runner()), timeout, false);
        if (!report.lagged().isEmpty()) {
            log.warn("reload: source {} did not stop within {} ms; its successor starts beside it on the same queue",
                    next.name(), timeout.toMillis());
        }
        Pipeline successor = factory.successor(old, next);
        pipelines.put(next.name(), successor);
        runningSnapshot = List.copyOf(pipelines.values());
        replacedRunners.add(old.runner());
        manager.addAndStart(Layers.SOURCES, successor.runner());
        log.info("reload: source {} handed over to its new settings; its writer and file go on", next.name());
    }

    private void startPipeline(ConfiguredSource cs) throws InterruptedException {
        Pipeline p = factory.create(cs);
        pipelines.put(cs.name(), p);
        runningSnapshot = List.copyOf(pipelines.values());
        p.start(manager);
    }

    /**
     * Stops every stage in order under one deadline.
     *
     * @return true if everything accepted was archived within {@code timeout}
     */
    public boolean stop(Duration timeout) throws InterruptedException {
        log.info("stopping: sources first, then queues, writers and compression (timeout {} ms)", timeout.toMillis());
        pendingRestarts.clear(); // stopping: nothing more starts
        List<Pipeline> all = new ArrayList<>(retired);
        all.addAll(pipelines.values());
        ServiceManager.StopReport report = manager.stopAll(timeout);
        for (Pipeline p : all) {
            for (QueueWriter w : p.writers()) {
                if (report.lagged().contains(w.serviceName())) {
                    log.warn("writer {} did not finish in time: {} records still queued; they are lost with this "
                            + "process, its open file is recovered at next start", w.source(), w.queue().depth());
                }
            }
        }
        return report.clean();
    }

    /** One line per source: records, files, bytes raw and compressed, late records. */
    public void logSummary() {
        double seconds = (ticker.nanoTime() - startedNanos) / 1e9;
        // One line per writer: a source's, or with storage classes each class's (source+class).
        Map<String, List<QueueWriter>> byName = new LinkedHashMap<>();
        for (Pipeline p : retired) {
            p.writers().forEach(w -> byName.computeIfAbsent(w.source(), k -> new ArrayList<>()).add(w));
        }
        for (Pipeline p : pipelines.values()) {
            p.writers().forEach(w -> byName.computeIfAbsent(w.source(), k -> new ArrayList<>()).add(w));
        }
        WriterSummary.log(byName, metrics);
        ClassSummary.log(config.classes(), byName.keySet(), metrics);
        log.info("summary: ran {} s, compression backlog {}", String.format("%.1f", seconds),
                compression == null ? 0 : compression.backlog());
    }

    /** Starts sources whose restart waited for their previous writer; called by the control loop. */
    public void resumePendingRestarts() throws InterruptedException {
        for (var it = pendingRestarts.entrySet().iterator(); it.hasNext();) {
            var e = it.next();
            boolean oldDone = retired.stream().filter(p -> p.source().name().equals(e.getKey()))
                    .allMatch(Pipeline::writersFinished);
            if (oldDone) {
                it.remove();
                startPipeline(e.getValue());
                log.info("reload: source {} restarted with its new settings", e.getKey());
            }
        }
        for (Pipeline p : retired) {
            if (p.writersTerminated()) {
                p.services().forEach(manager::remove); // drained and gone: health no longer lists it
            }
        }
        replacedRunners.removeIf(r -> {
            boolean done = r.state() == Service.State.TERMINATED;
            if (done) {
                manager.remove(r);
            }
            return done;
        });
    }

    /** Why the recorder is not fully recording right now although nothing is broken, or null. */
    public String degraded() {
        if (pendingRestarts.isEmpty()) {
            return null;
        }
        return "sources " + pendingRestarts.keySet() + " not running: waiting for their previous writer to drain "
                + "after a reload";
    }

    /**
     * What has broken beyond retrying, or null: a service that FAILED (a writer that stopped on
     * an unexpected fault leaves its source blocked on a full queue), so the recorder must not
     * pretend to run.
     */
    public String failure() {
        for (ServiceManager.Status s : manager.snapshot()) {
            if (s.state() == Service.State.FAILED) {
                return s.name() + " stopped: " + s.cause();
            }
        }
        return null;
    }

    /**
     * Everything /health should report besides the manager's states: a source waiting for a
     * reload, a writer whose writes have failed for longer than {@code write_failing_threshold}
     * (disk full, directory gone), producers blocked on a full queue with no drain for longer than
     * {@code blocked_threshold}. Read from any thread.
     */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        String d = degraded();
        if (d != null) {
            out.add(d);
        }
        out.addAll(WriterProblems.of(runningSnapshot, config.ops()));
        return out;
    }

    private List<java.nio.file.Path> rescueDirs() {
        return Rescue.dirsFor(config.rescueDir() != null ? config.rescueDir()
                : WriterSettings.defaultRescueDir(config.outputDir()), config.outputDir());
    }

    public Metrics metrics() {
        return metrics;
    }

    public RecorderConfig config() {
        return config;
    }

    public ServiceManager manager() {
        return manager;
    }

    /** The durable and archived watermarks of every source. */
    public Watermarks watermarks() {
        return watermarks;
    }

    /** The bus of file events (completed, archived, deleted). */
    public FileEvents fileEvents() {
        return events;
    }

    public int compressionBacklog() {
        return compression == null ? 0 : compression.backlog();
    }
}
