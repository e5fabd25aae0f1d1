package org.nsr.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.nsr.core.StopSignal;
import org.nsr.core.Ticker;
import org.nsr.lifecycle.Abortable;
import org.nsr.lifecycle.AbstractService;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.nsr.write.CompletedFileListener;
import org.nsr.layout.FileFacts;
import org.nsr.layout.RecordingFileName;
import org.nsr.sink.FileEvent;
import org.nsr.sink.FileEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compression stage: a bounded pool of {@code workers} threads archiving published files.
 *
 * <p>At most {@code backlog} files wait; a writer handing on one more blocks until a worker frees
 * a place, so a slow disk pushes back to the queues instead of piling up work. An archive that
 * fails (disk full) is retried after a pause; its {@code .json} stays until an archive of it has
 * been written, synced and read back. Each archive is announced as a {@link FileEvent.FileArchived}.
 *
 * <p>Lifecycle: starting recovers the output directory (what an earlier run left is queued
 * first); stopping, once every writer has finished, waits for the last archive and TERMINATES,
 * the stage's final signal. {@link #abort()} gives up at once and leaves the rest for recovery.
 */
public final class CompressionPool extends AbstractService implements CompletedFileListener, Abortable {
    private static final Logger log = LoggerFactory.getLogger(CompressionPool.class);

    /** {@code level} value that selects {@code compression.level: auto}. */
    public static final int LEVEL_AUTO = org.nsr.config.RecorderConfig.COMPRESSION_LEVEL_AUTO;
    /** Blocks in flight per file, per block thread. */
    private static final int WINDOW_PER_THREAD = 3;

    private final ZipArchiver archiver;
    private final CompressionLevel level;
    private final ThreadPoolExecutor executor;
    private final ThreadPoolExecutor blocks;
    private final Semaphore places;
    private final Duration retryPause;
    private final Metrics metrics;
    private final AtomicInteger backlog = new AtomicInteger();
    private final Counter failures;
    private final Counter nanos;
    private final Ticker ticker;
    private final FileEvents events;
    private final Path recoverDir;
    private final int workers;
    /** Raw sizes of the files waiting or in work: what a stop still has to drain (an upper bound). */
    private final ConcurrentHashMap<Path, Long> unarchived = new ConcurrentHashMap<>();

    /**
     * @param level deflate level 0..9, or {@link #LEVEL_AUTO}
     * @param recoverDir the output directory, recovered when the pool starts; null to skip recovery
     */
    public CompressionPool(int level, int workers, int backlogLimit, Duration retryPause, Metrics metrics,
            Ticker ticker, FileEvents events, Path recoverDir) {
        super("compression");
        this.ticker = ticker;
        this.events = events;
        this.recoverDir = recoverDir;
        this.level = level == LEVEL_AUTO ? CompressionLevel.auto(workers, ticker, metrics)
                : CompressionLevel.fixed(level, ticker, metrics);
        // Each file's blocks are deflated on a shared pool, so one file alone (the last one at
        // stop, or a backlog of one) still uses every core. Bounded: each archiving thread keeps
        // at most its window of blocks in flight.
        AtomicInteger blockNo = new AtomicInteger();
        this.blocks = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(workers * workers * WINDOW_PER_THREAD),
                r -> {
                    Thread t = new Thread(r, "compress-block-" + blockNo.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.CallerRunsPolicy()); // cannot happen: the windows bound the queue
        this.workers = workers;
        this.archiver = new ZipArchiver(this.level.current(), StepHook.NONE,
                new BlockDeflater(blocks, workers * WINDOW_PER_THREAD, this.level.costs()::block));
        this.retryPause = retryPause;
        this.metrics = metrics;
        this.places = new Semaphore(backlogLimit + workers);
        AtomicInteger threadNo = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(backlogLimit + workers),
                r -> {
                    Thread t = new Thread(r, "compress-" + threadNo.incrementAndGet());
                    t.setDaemon(false);
                    return t;
                },
                new ThreadPoolExecutor.AbortPolicy()); // cannot happen: 'places' admits no more than fit
        this.failures = metrics.counter("nsr_compress_failures_total", "Archive attempts that failed (retried)");
        this.nanos = metrics.nanosecondsCounter("nsr_compress_seconds_total",
                "Time spent compressing and verifying");
        metrics.gauge("nsr_compress_backlog", "Files waiting for or in compression", backlog::get);
        metrics.gauge("nsr_compress_workers", "Compression worker threads", () -> workers);
    }

    @Override
    protected void doStart() throws IOException, InterruptedException {
        if (recoverDir != null) {
            Files.createDirectories(recoverDir);
            for (Recovery.Leftover l : Recovery.recover(recoverDir)) {
                recovered(l.json(), l.name(), l.facts()); // the side file kept what the writer knew
            }
        }
        notifyStarted();
    }

    /** No more files will come: the pool ends once the backlog is archived. */
    @Override
    protected void doStop() {
        long left = unarchived.values().stream().mapToLong(Long::longValue).sum();
        level.draining(left, workers); // every block handed out from now on takes the drain level
        executor.shutdown();
        Thread waiter = new Thread(() -> {
            try {
                executor.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
                blocks.shutdown();
                notifyStopped();
            } catch (InterruptedException e) {
                notifyFailed(e);
            }
        }, "compression-stop");
        waiter.setDaemon(true);
        waiter.start();
    }

    /** Queues a published file for archiving; blocks while the backlog is full. */
    @Override
    public void fileCompleted(Path json, RecordingFileName name, FileFacts facts) throws InterruptedException {
        submit(json, name, facts, false);
    }

    /** Queues a file an earlier run left behind; counted apart so this run's summary stays its own. */
    public void recovered(Path json, RecordingFileName name, FileFacts facts) throws InterruptedException {
        submit(json, name, facts, true);
    }

    private void submit(Path json, RecordingFileName name, FileFacts facts, boolean recovered)
            throws InterruptedException {
        places.acquire();
        if (log.isDebugEnabled()) log.debug("compression: {} queued ({} files waiting or in work before it)", json.getFileName(), backlog.get());
        level.observe(backlog.incrementAndGet());
        unarchived.put(json, sizeOf(json));
        executor.execute(() -> {
            try {
                archiveUntilDone(json, name, facts, recovered);
            } finally {
                unarchived.remove(json);
                level.observe(backlog.decrementAndGet());
                places.release();
            }
        });
    }

    private static long sizeOf(Path json) {
        try {
            return Files.size(json);
        } catch (IOException e) {
            return 0; // the archiving itself reports the file's trouble
        }
    }

    private void archiveUntilDone(Path json, RecordingFileName name, FileFacts facts, boolean recovered) {
        boolean failedBefore = false;
        while (true) {
            long start = ticker.nanoTime();
            try {
                // Read per block: a step down (or the drain at stop) reaches this file at its next block.
                ZipArchiver.Result r = archiver.archive(json, name, facts == null ? null : facts.toComment(),
                        level::current);
                level.costs().synced(r.compressedBytes(), r.syncNanos());
                // The archive now carries the facts: the side file has done its job.
                Files.deleteIfExists(FileFacts.sidecarOf(json.toAbsolutePath().getParent(), name));
                nanos.add(ticker.nanoTime() - start);
                metrics.counter("nsr_compress_files_total", "Files archived", "source", name.source()).increment();
                metrics.counter("nsr_compress_bytes_in_total", "Uncompressed bytes archived",
                        "source", name.source()).add(r.rawBytes());
                metrics.counter("nsr_compress_bytes_out_total", "Archive bytes written",
                        "source", name.source()).add(r.compressedBytes());
                if (recovered) {
                    metrics.counter("nsr_compress_recovered_files_total", "Files of an earlier run archived",
                            "source", name.source()).increment();
                    metrics.counter("nsr_compress_recovered_bytes_out_total",
                            "Archive bytes written for files of an earlier run", "source", name.source())
                            .add(r.compressedBytes());
                }
                log.info("archived {} ({} -> {} bytes at level {}{})", r.archive().getFileName(), r.rawBytes(),
                        r.compressedBytes(), r.levels(), failedBefore ? ", after earlier failures" : "");
                events.publish(new FileEvent.FileArchived(name.source(), r.archive(), name, recovered));
                return;
            } catch (IOException | RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    log.warn("compression of {} abandoned at stop ({}); recovery archives it at next start", json,
                            e.toString());
                    return;
                }
                failures.increment();
                failedBefore = true;
                if (!Files.exists(json)) {
                    log.error("cannot archive {}: the file is gone ({}); nothing to retry", json, e.toString());
                    return;
                }
                log.error("cannot archive {}: {}; the .json is kept, retrying in {} ms", json, e,
                        retryPause.toMillis());
                try {
                    ticker.await(StopSignal.NEVER, retryPause); // back-off before retrying a failing disk
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    log.warn("compression of {} abandoned at stop; recovery archives it at next start", json);
                    return;
                }
            }
        }
    }

    public int backlog() {
        return backlog.get();
    }

    /** Stops at once, interrupting workers; what is unfinished is left for recovery. */
    @Override
    public void abort() {
        if (!executor.isTerminated()) {
            log.warn("compression gives up: {} files still waiting; they are archived at next start", backlog.get());
        }
        executor.shutdownNow();
        blocks.shutdownNow();
    }
}
