package org.nsr.write;

import org.nsr.layout.FileFacts;

import org.nsr.layout.FileStage;

import org.nsr.layout.RecordingFileName;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.nsr.record.EpochNanos;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.nsr.queue.RecordQueue;
import org.nsr.record.LineBuffer;
import org.nsr.record.Record;
import org.nsr.record.SortField;
import org.nsr.write.ChunkSorter.Chunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of one queue: drains it, sorts records per time chunk, appends them as NDJSON to the
 * file of their time slot, and publishes each file when its slot is over.
 *
 * <p>Only this thread touches files, and it alone decides when to rotate: a file is closed when a
 * chunk of a later slot is written, or when the clock is past the slot's end and the queue has
 * been seen empty since (so nothing for the slot can still be waiting). Once its queue is closed
 * and drained it writes everything left, publishes the last file and counts down
 * {@link #awaitFinished}: the stage's final signal.
 *
 * <p>Write errors (a full disk) never lose records: the failed bytes are cut off, the error is
 * logged and counted, and the same bytes are tried again after a pause while the queue fills and
 * producers block.
 */
public final class QueueWriter implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(QueueWriter.class);
    private static final int BATCH = 8192;
    private static final int WRITE_THRESHOLD = 1 << 20;
    private static final long MAX_IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final RecordQueue queue;
    private final Path dir;
    private final RollCycle cycle;
    private final FileNamer namer;
    private final ChunkSorter sorter;
    private final long latenessNanos;
    private final long flushNanos;
    private final Clock clock;
    private final CompletedFileListener listener;
    private final Duration retryPause;
    private final SortField sortBy;
    private final CountDownLatch finished = new CountDownLatch(1);

    private final Counter files;
    private final Counter records;
    private final Counter bytes;
    private final Counter late;
    private final Counter ioErrors;

    private final LineBuffer buffer = new LineBuffer(WRITE_THRESHOLD + (64 << 10));
    private OpenFile current;
    /** End of the newest slot whose file was published: records older than this are late. */
    private long publishedUpTo = Long.MIN_VALUE;
    private long emptySeenAt = Long.MIN_VALUE;
    private volatile Throwable failure;

    public QueueWriter(RecordQueue queue, Path dir, RollCycle cycle, FileNamer namer, Duration chunkWindow,
            SortField sortBy, Duration flushInterval, Clock clock, CompletedFileListener listener,
            Duration retryPause, Metrics metrics) {
        this.queue = queue;
        this.dir = dir;
        this.cycle = cycle;
        this.namer = namer;
        this.sorter = new ChunkSorter(chunkWindow.toNanos(), sortBy.comparator());
        this.latenessNanos = chunkWindow.toNanos();
        this.flushNanos = flushInterval.toNanos();
        this.clock = clock;
        this.listener = listener;
        this.retryPause = retryPause;
        this.sortBy = sortBy;
        String source = queue.name();
        this.files = metrics.counter("nsr_writer_files_total", "Files published", "source", source);
        this.records = metrics.counter("nsr_writer_records_total", "Records written", "source", source);
        this.bytes = metrics.counter("nsr_writer_bytes_total", "Uncompressed bytes written", "source", source);
        this.late = metrics.counter("nsr_writer_late_records_total",
                "Records that arrived after their chunk was written (written with the next chunk)", "source", source);
        this.ioErrors = metrics.counter("nsr_writer_io_errors_total", "Failed write attempts (retried)",
                "source", source);
    }

    @Override
    public void run() {
        try {
            loop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
            log.warn("writer {} interrupted; {} left for recovery at next start", queue.name(),
                    current == null ? "no open file" : current.part);
        } catch (RuntimeException | Error e) {
            failure = e;
            log.error("writer {} failed; its open file is left for recovery at next start", queue.name(), e);
        } finally {
            finished.countDown();
        }
    }

    private void loop() throws InterruptedException {
        List<Record> batch = new ArrayList<>(BATCH);
        long nextFlush = nowNanos() + flushNanos;
        while (true) {
            batch.clear();
            long now = nowNanos();
            long wait = Math.max(0, Math.min(MAX_IDLE_WAIT_NANOS, nextFlush - now));
            boolean closedBeforeDrain = queue.isClosed();
            int n = queue.drainTo(batch, BATCH, wait);
            now = nowNanos();
            if (n < BATCH) {
                emptySeenAt = now; // everything stamped before now has been taken
            }
            for (int i = 0; i < n; i++) {
                sorter.add(batch.get(i));
            }
            boolean last = closedBeforeDrain && n < BATCH && queue.isFinished();
            writeCompleteChunks(last ? Long.MAX_VALUE : emptySeenAt - latenessNanos);
            if (last) {
                finishCurrentFile();
                return;
            }
            if (now >= nextFlush) {
                flushBuffer();
                nextFlush = now + flushNanos;
            }
            closeFileIfSlotOver();
        }
    }

    private void writeCompleteChunks(long clockWatermark) throws InterruptedException {
        Chunk chunk;
        while ((chunk = sorter.pollComplete(clockWatermark)) != null) {
            writeChunk(chunk);
        }
    }

    private void writeChunk(Chunk chunk) throws InterruptedException {
        long slot = cycle.slotStart(chunk.startNanos());
        int lateRecords = chunk.lateRecords();
        if (slot < publishedUpTo) {
            // Its slot's file is already published (a slow poll stamped before the boundary):
            // write it into the current file rather than open a second file for an old slot.
            slot = current != null ? current.slotStart : publishedUpTo;
            lateRecords = chunk.records().size();
        }
        if (current != null && slot > current.slotStart) {
            finishCurrentFile();
        }
        if (current == null) {
            openFile(slot);
        }
        if (lateRecords > 0) {
            late.add(lateRecords);
            current.lateRecords += lateRecords;
            log.debug("{}: {} late records written with the chunk at {}", queue.name(), lateRecords,
                    chunk.startNanos());
        }
        for (Record r : chunk.records()) {
            int lineStart = buffer.size();
            r.writeJson(buffer);
            if (log.isTraceEnabled()) log.trace("{}: line {}", queue.name(), new String(buffer.array(), lineStart, Math.min(buffer.size() - lineStart, 512), java.nio.charset.StandardCharsets.UTF_8));
            buffer.append((byte) '\n');
            if (buffer.size() >= WRITE_THRESHOLD) {
                flushBuffer();
            }
        }
        current.records += chunk.records().size();
        records.add(chunk.records().size());
        if (log.isDebugEnabled()) log.debug("{}: chunk at {} ns sorted and written, {} records ({} late)", queue.name(), chunk.startNanos(), chunk.records().size(), lateRecords);
    }

    private void closeFileIfSlotOver() throws InterruptedException {
        if (current != null && emptySeenAt >= current.slotEnd + latenessNanos
                && sorter.oldestPendingStart() >= current.slotEnd) {
            finishCurrentFile();
        }
    }

    private void openFile(long slotStart) throws InterruptedException {
        RecordingFileName name = namer.nameFor(slotStart, nowNanos());
        while (true) {
            try {
                current = OpenFile.create(dir, name, slotStart, slotStart + cycle.lengthNanos(), sortBy.configName());
                log.info("{}: writing {}", queue.name(), current.part.getFileName());
                return;
            } catch (IOException e) {
                pauseAfterError("create " + dir.resolve(name.fileName(FileStage.WRITING)), e);
            }
        }
    }

    /** Hands buffered lines to the OS; retried until it works, so nothing buffered is ever lost. */
    private void flushBuffer() throws InterruptedException {
        if (current == null || buffer.size() == 0) {
            return;
        }
        boolean failed = false;
        while (true) {
            try {
                if (log.isDebugEnabled()) log.debug("{}: flush of {} buffered bytes to {}", queue.name(), buffer.size(), current.part.getFileName());
                current.write(buffer);
                bytes.add(buffer.size());
                buffer.reset();
                if (failed) {
                    log.info("{}: writing to {} works again", queue.name(), current.part);
                }
                return;
            } catch (IOException e) {
                failed = true;
                pauseAfterError("write " + current.part, e);
            }
        }
    }

    private void finishCurrentFile() throws InterruptedException {
        if (current == null) {
            return;
        }
        flushBuffer();
        Path json;
        while (true) {
            try {
                json = current.publish();
                break;
            } catch (IOException e) {
                pauseAfterError("publish " + current.part, e);
            }
        }
        files.increment();
        log.info("{}: published {} ({} records, {} late, {} bytes)", queue.name(), json.getFileName(),
                current.records, current.lateRecords, current.size());
        publishedUpTo = Math.max(publishedUpTo, current.slotEnd);
        RecordingFileName name = current.name;
        FileFacts facts = current.facts();
        current = null;
        listener.fileCompleted(json, name, facts);
    }

    private void pauseAfterError(String what, IOException e) throws InterruptedException {
        ioErrors.increment();
        log.error("{}: cannot {}: {}; records wait in the queue, retrying in {} ms", queue.name(), what, e,
                retryPause.toMillis());
        Thread.sleep(retryPause.toMillis()); // back-off before retrying a failing disk, not a wait for an event
    }

    private long nowNanos() {
        return EpochNanos.now(clock);
    }

    /** Waits for the writer to finish: queue closed and drained, last file published. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    public boolean isFinished() {
        return finished.getCount() == 0;
    }

    /** Non-null when the writer stopped because of an unexpected fault. */
    public Throwable failure() {
        return failure;
    }

    public String source() {
        return queue.name();
    }

    public long lateRecords() {
        return late.get();
    }
}
