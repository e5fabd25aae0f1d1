package org.nsr.replay.columns;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.nsr.archive.ArchiveReader;
import org.nsr.lifecycle.AbstractExecutionThreadService;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.nsr.replay.RecordingIndex;
import org.nsr.sink.FileEvent;
import org.nsr.sink.FileEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorder's column sidecars ({@code columns: true}): once an archive is published and verified
 * ({@link FileEvent.FileArchived}), builds its sidecar from it on this service's one thread, so the
 * writer and compression never wait. The queue is bounded; an archive that finds it full gets no
 * sidecar now (counted, logged; {@code nsr columns DIR} builds it later), and readers use the zip.
 * A stop never waits for builds: the one under way finishes, and archives still queued or published
 * after the stop get none now (counted as dropped and logged).
 *
 * <p>Threading: {@link #onFileEvent} from compression and retention threads; the builds on the service thread.
 */
public final class ColumnSidecars extends AbstractExecutionThreadService implements FileEvents.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ColumnSidecars.class);
    static final int QUEUE = 256;

    private final BlockingQueue<FileEvent.FileArchived> inbox = new ArrayBlockingQueue<>(QUEUE);
    private final ArchiveReader reader = new ArchiveReader(ArchiveReader.Options.defaults().withReadAheadBlocks(0));
    private final Counter built;
    private final Counter notFlows;
    private final Counter failed;
    private final Counter dropped;
    private volatile boolean stopping;

    public ColumnSidecars(Metrics metrics) {
        super("column sidecars");
        built = metrics.counter("nsr_columns_built_total", "Column sidecars built beside new archives");
        notFlows = metrics.counter("nsr_columns_skipped_total",
                "Archives given no column sidecar: not every record is a flow with counters");
        failed = metrics.counter("nsr_columns_failed_total", "Column sidecars that could not be built (error logged)");
        dropped = metrics.counter("nsr_columns_dropped_total",
                "Archives given no column sidecar because the build queue was full (nsr columns DIR builds them)");
    }

    @Override
    public void onFileEvent(FileEvent event) {
        if (event instanceof FileEvent.FileArchived a && (stopping || !inbox.offer(a))) {
            dropped.increment();
            LOG.warn("{}: the column sidecar queue is full ({}); no sidecar now, readers use the archive "
                    + "(nsr columns DIR builds it later)", a.zip(), QUEUE);
        }
    }

    @Override
    protected void run() throws InterruptedException {
        while (true) {
            if (stopping) {
                int left = inbox.size();
                inbox.clear();
                if (left > 0) {
                    dropped.add(left);
                    LOG.info("stopping: {} archives get no column sidecar now (nsr columns DIR builds them)", left);
                }
                return;
            }
            FileEvent.FileArchived a = inbox.poll(200, TimeUnit.MILLISECONDS);
            if (a != null) {
                build(a);
            }
        }
    }

    private void build(FileEvent.FileArchived a) {
        try {
            RecordingIndex one = RecordingIndex.scan(a.zip());
            switch (ColumnBuild.build(one, one.allFiles().get(0), reader)) {
                case BUILT -> built.increment();
                case NOT_A_FLOW_ARCHIVE -> notFlows.increment();
                case DAMAGED_ARCHIVE -> {
                    failed.increment();
                    LOG.error("{}: the archive reads back damaged; no column sidecar", a.zip());
                }
                default -> throw new IllegalStateException();
            }
        } catch (Exception e) {
            failed.increment();
            LOG.error("{}: cannot build its column sidecar: {}", a.zip(), e.toString());
        }
    }

    @Override
    protected void triggerShutdown() {
        stopping = true;
    }
}
