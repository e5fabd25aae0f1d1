package org.nsr.replay.columns;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.nsr.archive.ArchiveReader;
import org.nsr.layout.FileStage;
import org.nsr.layout.RecordingFileName;
import org.nsr.layout.SideFile;
import org.nsr.lifecycle.AbstractExecutionThreadService;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.nsr.replay.RecordingIndex;
import org.nsr.sink.FileEvent;
import org.nsr.sink.FileEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorder's column sidecars ({@code columns: true}, the default): once an archive is published
 * and verified ({@link FileEvent.FileArchived}), binds the sidecar its writer wrote
 * ({@link ColumnTap}, {@code .cols.pending}) to it: the archive's size goes into the header, the
 * file is synced and renamed to {@code .cols}, so it is published with its archive. An archive of an
 * earlier run (recovered) without one gets it built from the archive. This runs on the service's
 * one thread, so compression never waits. It stops after compression (the recorder puts it in the
 * endpoint layer) and binds what is queued then. The queue is bounded: an archive that finds it full
 * is bound at the next start (counted as dropped, logged), which also binds what a crash left pending. A failure never touches the archive: counted, logged, and readers
 * use the zip ({@code nsr columns DIR} builds the sidecar later).
 *
 * <p>Threading: {@link #onFileEvent} from compression and retention threads; the rest on the service thread.
 */
public final class ColumnSidecars extends AbstractExecutionThreadService implements FileEvents.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ColumnSidecars.class);
    static final int QUEUE = 256;

    private final Path dir;
    private final BlockingQueue<FileEvent.FileArchived> inbox = new ArrayBlockingQueue<>(QUEUE);
    private final ArchiveReader reader = new ArchiveReader(ArchiveReader.Options.defaults().withReadAheadBlocks(0));
    private final Counter built;
    private final Counter notFlows;
    private final Counter failed;
    private final Counter dropped;
    private volatile boolean stopping;

    /** @param dir the recording directory, swept at start for sidecars left pending; null sweeps nothing */
    public ColumnSidecars(Metrics metrics, Path dir) {
        super("column sidecars");
        this.dir = dir;
        built = metrics.counter("nsr_columns_built_total", "Column sidecars published beside new archives");
        notFlows = skippedCounter(metrics);
        failed = failedCounter(metrics);
        dropped = metrics.counter("nsr_columns_dropped_total",
                "Archives whose column sidecar waits for the next start: the queue was full or the recorder stopping");
    }

    public ColumnSidecars(Metrics metrics) {
        this(metrics, null);
    }

    static Counter skippedCounter(Metrics metrics) {
        return metrics.counter("nsr_columns_skipped_total",
                "Files given no column sidecar: not every record is a flow with counters");
    }

    static Counter failedCounter(Metrics metrics) {
        return metrics.counter("nsr_columns_failed_total", "Column sidecars that could not be written (error logged)");
    }

    @Override
    public void onFileEvent(FileEvent event) {
        if (event instanceof FileEvent.FileArchived a && (stopping || !inbox.offer(a))) {
            dropped.increment();
            LOG.warn("{}: the column sidecar queue is full or stopping ({}); its sidecar is bound at the next start "
                    + "(readers use the archive until then)", a.zip(), QUEUE);
        }
    }

    /** Sidecars a crash, a full queue or a stop left pending beside their archives are bound now. */
    @Override
    protected void startUp() {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SideFile.COLUMNS_PENDING.suffix())) {
            for (Path p : ds) {
                RecordingFileName name = SideFile.COLUMNS_PENDING.owner(p.getFileName().toString());
                if (name != null && Files.isRegularFile(dir.resolve(name.fileName(FileStage.ARCHIVED)))
                        && !Files.exists(dir.resolve(name.fileName(FileStage.COMPLETE)))) {
                    bind(dir.resolve(name.fileName(FileStage.ARCHIVED)), name, false);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list {} for pending column sidecars: {}", dir, e.toString());
        }
    }

    @Override
    protected void run() throws InterruptedException {
        while (true) {
            if (stopping) {
                // stopped after compression: what is queued is bound now (cheap), builds wait for nsr columns
                int left = 0;
                for (FileEvent.FileArchived a; (a = inbox.poll()) != null; ) {
                    left += bind(a.zip(), a.name(), false) ? 0 : a.recovered() ? 1 : 0;
                }
                if (left > 0) {
                    dropped.add(left);
                    LOG.info("stopping: {} archives of an earlier run get no column sidecar now (nsr columns DIR "
                            + "builds them)", left);
                }
                return;
            }
            FileEvent.FileArchived a = inbox.poll(200, TimeUnit.MILLISECONDS);
            if (a != null) {
                bind(a.zip(), a.name(), a.recovered());
            }
        }
    }

    /** Binds the archive's pending sidecar (or builds one for a recovered archive); false when it had none. */
    private boolean bind(Path zip, RecordingFileName name, boolean recovered) {
        Path at = zip.toAbsolutePath().getParent();
        Path pending = SideFile.COLUMNS_PENDING.in(at, name);
        Path target = SideFile.COLUMNS.in(at, name);
        try {
            Files.deleteIfExists(SideFile.COLUMNS_WRITING.in(at, name)); // a writer's part left by a crash
            if (Files.exists(pending)) {
                ColumnWriter.bindToArchive(pending, target, Files.size(zip));
                built.increment();
                return true;
            }
            if (recovered && !Files.exists(target)) {
                build(zip); // a file of an earlier run whose writer left no finished sidecar
            }
        } catch (IOException | RuntimeException e) {
            failed.increment();
            LOG.error("{}: cannot publish its column sidecar: {}; readers use the archive", zip, e.toString());
        }
        return false;
    }

    private void build(Path zip) {
        try {
            RecordingIndex one = RecordingIndex.scan(zip);
            switch (ColumnBuild.build(one, one.allFiles().get(0), reader)) {
                case BUILT -> built.increment();
                case NOT_A_FLOW_ARCHIVE -> notFlows.increment();
                case DAMAGED_ARCHIVE -> {
                    failed.increment();
                    LOG.error("{}: the archive reads back damaged; no column sidecar", zip);
                }
                default -> throw new IllegalStateException();
            }
        } catch (Exception e) {
            failed.increment();
            LOG.error("{}: cannot build its column sidecar: {}", zip, e.toString());
        }
    }

    @Override
    protected void triggerShutdown() {
        stopping = true;
    }
}
