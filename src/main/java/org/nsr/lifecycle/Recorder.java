package org.nsr.lifecycle;

import org.nsr.core.StopSignal;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nsr.archive.CompressionPool;
import org.nsr.archive.Recovery;
import org.nsr.archive.Retention;
import org.nsr.archive.RetentionChecker;
import org.nsr.config.RecorderConfig;
import org.nsr.config.RecorderConfig.ConfiguredSource;
import org.nsr.metrics.Metrics;
import org.nsr.queue.RecordQueue;
import org.nsr.source.SourceContext;
import org.nsr.write.CompletedFileListener;
import org.nsr.write.FileNamer;
import org.nsr.write.QueueWriter;
import org.nsr.write.RollCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator: owns every stage of one recording and starts and stops them in order.
 *
 * <p>Start: recovery of the output directory, then the compression pool, then one writer per
 * queue, then the sources. Stop is the reverse, each stage waiting on the previous one's final
 * signal: sources stop (a poll in flight completes and is queued) → queues close → writers drain
 * them and publish their last files → compression archives every remaining file. Everything
 * accepted into a queue ends up in an archive, unless the stop timeout runs out first; then what
 * is left is logged and stays on disk for recovery at the next start.
 *
 * <p>Threading: start, reload, stop and logSummary are called from one control thread (the
 * command's main thread); {@link #state()}, {@link #failure()} and {@link #degraded()} may be read from any thread.
 */
public final class Recorder {
    private static final Logger log = LoggerFactory.getLogger(Recorder.class);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    /** Lifecycle states as /health reports them. */
    public enum State { NEW, STARTING, RUNNING, DRAINING, STOPPED }

    private final Clock clock;
    private final Metrics metrics;
    private final Map<String, Pipeline> pipelines = new LinkedHashMap<>();
    private final List<Pipeline> retired = new ArrayList<>();
    /** One namer per source name for the whole run, so a source restarted by a reload never reuses a name. */
    private final Map<String, FileNamer> namers = new LinkedHashMap<>();
    /**
     * Sources a reload changed whose previous writer was still draining: each starts once that
     * writer has finished, so two writers of one source never share its file names.
     */
    private final Map<String, ConfiguredSource> pendingRestarts = new java.util.concurrent.ConcurrentHashMap<>();
    /** The running pipelines as the health endpoint's thread may read them; replaced, never changed. */
    private volatile List<Pipeline> runningSnapshot = List.of();
    private volatile State state = State.NEW;
    private RecorderConfig config;
    private RollCycle cycle;
    private CompressionPool compression;
    private CompletedFileListener afterWriter;
    private RetentionChecker retention;
    private long startedNanos;

    public Recorder(RecorderConfig config, Clock clock, Metrics metrics) {
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** One source with its queue, writer and threads. */
    private record Pipeline(ConfiguredSource source, RecordQueue queue, QueueWriter writer, StopSignal stop,
            Thread sourceThread, Thread writerThread) {
    }

    public State state() {
        return state;
    }

    public void start() throws IOException, InterruptedException {
        state = State.STARTING;
        startedNanos = System.nanoTime();
        Files.createDirectories(config.outputDir());
        ManifestAtStart.record(config, clock); // .nsr/recording.json: zone, interval, sources (issue 9 §5)
        List<Recovery.Leftover> leftovers = Recovery.recover(config.outputDir());
        compression = new CompressionPool(config.compressionLevel(), config.compressionWorkers(),
                config.compressionBacklog(), RETRY_PAUSE, metrics);
        afterWriter = compression;
        RecorderConfig.OpsSettings ops = config.ops();
        if (ops.retentionMaxAge() != null || ops.retentionMaxBytes() > 0) {
            retention = new RetentionChecker(new Retention(ops.retentionMaxAge(), ops.retentionMaxBytes(), clock,
                    metrics), config.outputDir(), metrics);
            retention.requestCheck();
            // Retention is checked at each rotation, on its own thread so the writer never waits for it.
            afterWriter = (json, name, facts) -> {
                compression.fileCompleted(json, name, facts);
                retention.requestCheck();
            };
        }
        for (Recovery.Leftover l : leftovers) {
            compression.recovered(l.json(), l.name(), l.facts()); // the side file kept what the writer knew
        }
        cycle = new RollCycle(config.storageInterval(), config.fileTimezone());
        for (ConfiguredSource cs : config.sources()) {
            startPipeline(cs);
        }
        state = State.RUNNING;
        log.info("recording {} source(s) into {} (files every {}, chunks of {}, sorted by {})", pipelines.size(),
                config.outputDir().toAbsolutePath(), config.storageInterval(), config.chunkWindow(),
                config.sortBy().configName());
    }

    private void startPipeline(ConfiguredSource cs) throws IOException {
        RecordQueue queue = new RecordQueue(cs.name(), cs.queueCapacity(), cs.queueMaxBytes(), metrics);
        FileNamer namer = namers.get(cs.name());
        if (namer == null) {
            namer = new FileNamer(cs.name(), cycle, FileNamer.newestIn(config.outputDir(), cs.name()));
            namers.put(cs.name(), namer);
        }
        QueueWriter writer = new QueueWriter(queue, config.outputDir(), cycle, namer, config.chunkWindow(),
                config.sortBy(), config.flushInterval(), clock, afterWriter, RETRY_PAUSE, metrics);
        StopSignal stop = new StopSignal();
        Thread writerThread = new Thread(writer, "writer-" + cs.name());
        Thread sourceThread = new Thread(
                new SourceRunner(cs.spec().create(new SourceContext(clock, metrics)), queue, stop, metrics),
                "source-" + cs.name());
        Pipeline p = new Pipeline(cs, queue, writer, stop, sourceThread, writerThread);
        pipelines.put(cs.name(), p);
        runningSnapshot = List.copyOf(pipelines.values());
        writerThread.start();
        sourceThread.start();
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
        warnAboutRestartOnlyChanges(next);
        Map<String, ConfiguredSource> wanted = new LinkedHashMap<>();
        next.sources().forEach(s -> wanted.put(s.name(), s));
        List<Pipeline> toStop = new ArrayList<>();
        List<ConfiguredSource> toStart = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (Pipeline p : pipelines.values()) {
            ConfiguredSource w = wanted.get(p.source().name());
            if (w == null) {
                toStop.add(p);
                removed.add(p.source().name());
            } else if (!sameSource(w, p.source())) {
                toStop.add(p);
                toStart.add(w);
                changed.add(w.name());
            }
        }
        for (ConfiguredSource w : wanted.values()) {
            if (pendingRestarts.containsKey(w.name())) {
                pendingRestarts.put(w.name(), w); // still waiting for its old writer: take the newest settings
            } else if (!pipelines.containsKey(w.name())) {
                toStart.add(w);
                added.add(w.name());
            }
        }
        pendingRestarts.keySet().removeIf(name -> {
            boolean dropped = !wanted.containsKey(name);
            if (dropped) {
                removed.add(name);
            }
            return dropped;
        });
        boolean drained = stopPipelines(toStop, System.nanoTime() + timeout.toNanos(), false);
        toStop.forEach(p -> pipelines.remove(p.source().name()));
        runningSnapshot = List.copyOf(pipelines.values());
        for (String gone : removed) {
            // Its queue and its failure streak are gone with it: /health must not judge a dead source.
            metrics.removeGaugesWith("queue", gone);
            metrics.removeGaugesWith("source", gone);
        }
        retired.addAll(toStop);
        if (!drained) {
            log.warn("reload: a stopped source did not drain within {} ms; its files are recovered at next start",
                    timeout.toMillis());
        }
        for (ConfiguredSource s : toStart) {
            Pipeline old = toStop.stream().filter(p -> p.source().name().equals(s.name())).findFirst().orElse(null);
            if (old != null && !old.writer().isFinished()) {
                // Two writers of one source would share its file names: start it once the old one is done.
                log.warn("reload: source {} restarts once its previous writer has drained", s.name());
                pendingRestarts.put(s.name(), s);
                continue;
            }
            startPipeline(s);
        }
        config = config.withSources(next.sources());
        return "reload applied: added " + added + ", removed " + removed + ", restarted " + changed;
    }

    private static boolean sameSource(ConfiguredSource a, ConfiguredSource b) {
        return a.equals(b); // records: same spec, capacity and byte limit
    }

    private void warnAboutRestartOnlyChanges(RecorderConfig next) {
        Map<String, Object[]> keys = new LinkedHashMap<>();
        keys.put("output_dir", new Object[] {config.outputDir(), next.outputDir()});
        keys.put("storage_interval", new Object[] {config.storageInterval(), next.storageInterval()});
        keys.put("chunk_window", new Object[] {config.chunkWindow(), next.chunkWindow()});
        keys.put("sort_by", new Object[] {config.sortBy(), next.sortBy()});
        keys.put("flush_interval", new Object[] {config.flushInterval(), next.flushInterval()});
        keys.put("file_timezone", new Object[] {config.fileTimezone(), next.fileTimezone()});
        keys.put("compression", new Object[] {
            config.compressionLevel() + "/" + config.compressionWorkers() + "/" + config.compressionBacklog(),
            next.compressionLevel() + "/" + next.compressionWorkers() + "/" + next.compressionBacklog()});
        keys.put("log_level", new Object[] {config.logLevel(), next.logLevel()});
        keys.put("display_on_console", new Object[] {config.displayOnConsole(), next.displayOnConsole()});
        keys.forEach((k, v) -> {
            if (!Objects.equals(v[0], v[1])) {
                log.warn("reload: Recorder.data.{} changed from {} to {}; it takes effect at the next restart", k,
                        v[0], v[1]);
            }
        });
    }

    /**
     * Stops every stage in order and waits for each stage's final signal.
     *
     * @return true if everything accepted was archived within {@code timeout}
     */
    public boolean stop(Duration timeout) throws InterruptedException {
        state = State.DRAINING;
        long deadline = System.nanoTime() + timeout.toNanos();
        log.info("stopping: sources first, then queues, writers and compression (timeout {} ms)", timeout.toMillis());
        pendingRestarts.clear(); // stopping: nothing more starts
        boolean ok = stopPipelines(new ArrayList<>(pipelines.values()), deadline, true);
        for (Pipeline p : retired) {
            if (!p.writer().awaitFinished(Duration.ofMillis(Math.max(1, remainingMillis(deadline))))) {
                ok = false; // a writer left draining by a reload
            }
        }
        if (!ok) {
            compression.abort();
            if (retention != null) {
                retention.close();
            }
            state = State.STOPPED;
            return false;
        }
        boolean archived = compression.finish(Duration.ofMillis(Math.max(1, remainingMillis(deadline))));
        if (!archived) {
            compression.abort();
        }
        if (retention != null) {
            retention.close();
        }
        state = State.STOPPED;
        return archived;
    }

    /** Sources stop, then their queues close, then their writers drain and publish. */
    private boolean stopPipelines(List<Pipeline> list, long deadline, boolean processEnding)
            throws InterruptedException {
        list.forEach(p -> p.stop().raise());
        boolean ok = true;
        for (Pipeline p : list) {
            p.sourceThread().join(Math.max(1, remainingMillis(deadline)));
            if (p.sourceThread().isAlive()) {
                ok = false;
                log.warn("source {} did not stop in time; interrupting it and closing its queue", p.source().name());
                p.sourceThread().interrupt();
            }
            p.queue().close();
        }
        for (Pipeline p : list) {
            if (!p.writer().awaitFinished(Duration.ofMillis(Math.max(1, remainingMillis(deadline))))) {
                ok = false;
                if (processEnding) {
                    log.warn("writer {} did not finish in time: {} records still queued; they are lost with this "
                            + "process, its open file is recovered at next start", p.source().name(),
                            p.queue().depth());
                } else {
                    log.warn("writer {} is still draining {} records after the reload's timeout; it goes on",
                            p.source().name(), p.queue().depth());
                }
            } else if (p.writer().failure() != null) {
                ok = false;
            }
        }
        return ok;
    }

    /** One line per source: records, files, bytes raw and compressed, late records. */
    public void logSummary() {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        Map<String, List<Pipeline>> byName = new LinkedHashMap<>();
        for (Pipeline p : retired) {
            byName.computeIfAbsent(p.source().name(), k -> new ArrayList<>()).add(p);
        }
        for (Pipeline p : pipelines.values()) {
            byName.computeIfAbsent(p.source().name(), k -> new ArrayList<>()).add(p);
        }
        byName.forEach((s, list) -> log.info("summary {}: {} accepted, {} records written, {} files, {} bytes raw, "
                        + "{} bytes compressed, {} late records, queue high-water {}, producers blocked {} ms",
                s, (long) metrics.value("nsr_queue_accepted_total", "queue", s),
                (long) metrics.value("nsr_writer_records_total", "source", s),
                (long) metrics.value("nsr_writer_files_total", "source", s),
                (long) metrics.value("nsr_writer_bytes_total", "source", s),
                (long) (metrics.value("nsr_compress_bytes_out_total", "source", s)
                        - metrics.value("nsr_compress_recovered_bytes_out_total", "source", s)),
                (long) metrics.value("nsr_writer_late_records_total", "source", s),
                list.stream().mapToLong(p -> p.queue().highWater()).max().orElse(0),
                (long) (metrics.value("nsr_queue_blocked_seconds_total", "queue", s) * 1000)));
        log.info("summary: ran {} s, compression backlog {}", String.format("%.1f", seconds),
                compression == null ? 0 : compression.backlog());
    }

    /** Starts sources whose restart waited for their previous writer; called by the control loop. */
    public void resumePendingRestarts() throws IOException {
        for (var it = pendingRestarts.entrySet().iterator(); it.hasNext();) {
            var e = it.next();
            boolean oldDone = retired.stream().filter(p -> p.source().name().equals(e.getKey()))
                    .allMatch(p -> p.writer().isFinished());
            if (oldDone) {
                it.remove();
                startPipeline(e.getValue());
                log.info("reload: source {} restarted with its new settings", e.getKey());
            }
        }
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
     * What has broken beyond retrying, or null: a writer that stopped on an unexpected fault
     * leaves its source blocked on a full queue, so the recorder must not pretend to run.
     */
    public String failure() {
        for (Pipeline p : runningSnapshot) {
            Throwable t = p.writer().failure();
            if (t != null) {
                return "writer " + p.source().name() + " stopped: " + t;
            }
        }
        return null;
    }

    public Metrics metrics() {
        return metrics;
    }

    public RecorderConfig config() {
        return config;
    }

    public int compressionBacklog() {
        return compression == null ? 0 : compression.backlog();
    }

    private static long remainingMillis(long deadlineNanos) {
        return (deadlineNanos - System.nanoTime()) / 1_000_000;
    }
}
