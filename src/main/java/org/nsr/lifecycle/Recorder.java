package org.nsr.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.nsr.archive.CompressionPool;
import org.nsr.archive.Recovery;
import org.nsr.config.RecorderConfig;
import org.nsr.config.RecorderConfig.ConfiguredSource;
import org.nsr.metrics.Metrics;
import org.nsr.queue.RecordQueue;
import org.nsr.source.SourceContext;
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
 */
public final class Recorder {
    private static final Logger log = LoggerFactory.getLogger(Recorder.class);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final RecorderConfig config;
    private final Clock clock;
    private final Metrics metrics;
    private final List<Pipeline> pipelines = new ArrayList<>();
    private CompressionPool compression;
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

    public void start() throws IOException, InterruptedException {
        startedNanos = System.nanoTime();
        Files.createDirectories(config.outputDir());
        List<Recovery.Leftover> leftovers = Recovery.recover(config.outputDir());
        compression = new CompressionPool(config.compressionLevel(), config.compressionWorkers(),
                config.compressionBacklog(), RETRY_PAUSE, metrics);
        for (Recovery.Leftover l : leftovers) {
            compression.fileCompleted(l.json(), l.name());
        }
        RollCycle cycle = new RollCycle(config.storageInterval(), config.fileTimezone());
        SourceContext context = new SourceContext(clock, metrics);
        for (ConfiguredSource cs : config.sources()) {
            RecordQueue queue = new RecordQueue(cs.name(), cs.queueCapacity(), metrics);
            FileNamer namer = new FileNamer(cs.name(), cycle, FileNamer.newestIn(config.outputDir(), cs.name()));
            QueueWriter writer = new QueueWriter(queue, config.outputDir(), cycle, namer, config.chunkWindow(),
                    config.sortBy(), config.flushInterval(), clock, compression, RETRY_PAUSE, metrics);
            StopSignal stop = new StopSignal();
            Thread writerThread = new Thread(writer, "writer-" + cs.name());
            Thread sourceThread = new Thread(new SourceRunner(cs.spec().create(context), queue, stop, metrics),
                    "source-" + cs.name());
            pipelines.add(new Pipeline(cs, queue, writer, stop, sourceThread, writerThread));
        }
        pipelines.forEach(p -> p.writerThread().start());
        pipelines.forEach(p -> p.sourceThread().start());
        log.info("recording {} source(s) into {} (files every {}, chunks of {}, sorted by {})", pipelines.size(),
                config.outputDir().toAbsolutePath(), config.storageInterval(), config.chunkWindow(),
                config.sortBy().configName());
    }

    /**
     * Stops every stage in order and waits for each stage's final signal.
     *
     * @return true if everything accepted was archived within {@code timeout}
     */
    public boolean stop(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        log.info("stopping: sources first, then queues, writers and compression (timeout {} ms)", timeout.toMillis());
        pipelines.forEach(p -> p.stop().raise());
        boolean ok = true;
        for (Pipeline p : pipelines) {
            p.sourceThread().join(Math.max(1, remainingMillis(deadline)));
            if (p.sourceThread().isAlive()) {
                ok = false;
                log.warn("source {} did not stop in time; its queue is closed anyway", p.source().name());
            }
            p.queue().close();
        }
        for (Pipeline p : pipelines) {
            if (!p.writer().awaitFinished(Duration.ofMillis(Math.max(1, remainingMillis(deadline))))) {
                ok = false;
                log.warn("writer {} did not finish in time: {} records still queued; they are lost with this "
                        + "process, its open file is recovered at next start", p.source().name(), p.queue().depth());
            } else if (p.writer().failure() != null) {
                ok = false;
            }
        }
        if (!ok) {
            compression.abort();
            return false;
        }
        boolean archived = compression.finish(Duration.ofMillis(Math.max(1, remainingMillis(deadline))));
        if (!archived) {
            compression.abort();
        }
        return archived;
    }

    /** One line per source: records, files, bytes raw and compressed, late records. */
    public void logSummary() {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        for (Pipeline p : pipelines) {
            String s = p.source().name();
            log.info("summary {}: {} accepted, {} records written, {} files, {} bytes raw, {} bytes compressed, {} late records, "
                            + "queue high-water {} of {}, producers blocked {} ms",
                    s, p.queue().acceptedCount(), (long) metrics.value("nsr_writer_records_total", "source", s),
                    (long) metrics.value("nsr_writer_files_total", "source", s),
                    (long) metrics.value("nsr_writer_bytes_total", "source", s),
                    (long) metrics.value("nsr_compress_bytes_out_total", "source", s),
                    p.writer().lateRecords(), p.queue().highWater(), p.queue().capacity(),
                    p.queue().blockedNanos() / 1_000_000);
        }
        log.info("summary: ran {} s, compression backlog {}", String.format("%.1f", seconds),
                compression == null ? 0 : compression.backlog());
    }

    public Metrics metrics() {
        return metrics;
    }

    public int compressionBacklog() {
        return compression == null ? 0 : compression.backlog();
    }

    private static long remainingMillis(long deadlineNanos) {
        return (deadlineNanos - System.nanoTime()) / 1_000_000;
    }
}
