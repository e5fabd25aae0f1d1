package org.nsr.write;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.nsr.channel.RecordQueue;
import org.nsr.core.Ticker;
import org.nsr.layout.FileFacts;
import org.nsr.layout.FileStage;
import org.nsr.layout.RecordingFileName;
import org.nsr.lifecycle.AbstractExecutionThreadService;
import org.nsr.lifecycle.Abortable;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.nsr.record.EncodedLine;
import org.nsr.record.LineBuffer;
import org.nsr.record.Record;
import org.nsr.sink.FileEvent;
import org.nsr.sink.FileEvents;
import org.nsr.sink.SealRequest;
import org.nsr.sink.Syncer;
import org.nsr.sink.Watermark;
import org.nsr.write.ChunkSorter.Chunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file writer of one source: drains its queue, sorts records per time chunk, appends them as
 * NDJSON to the file of their time slot, and publishes each file when its slot is over.
 *
 * <p>Only this thread touches files, and it alone decides when to rotate: a file is closed when a
 * chunk of a later slot is written, or when the clock is past the slot's end and the queue has
 * been seen empty since (so nothing for the slot can still be waiting). A stop closes the queue;
 * the writer drains it, publishes the last file and TERMINATES: the stage's final signal.
 *
 * <p>Durable watermark: every published file is fsynced, so it covers what it holds. While
 * someone waits on the watermark, the writer also fsyncs the open file, at most once per
 * {@code sync_interval}: one group commit covers every waiter. When nobody waits it never syncs
 * for it.
 *
 * <p>Write errors (a full disk) never lose records: the failed bytes are cut off, the error is
 * logged and counted, and the same bytes are tried again after a pause while the queue fills and
 * producers block.
 */
public final class QueueWriter extends AbstractExecutionThreadService implements Abortable {
    private static final Logger log = LoggerFactory.getLogger(QueueWriter.class);
    private static final int BATCH = 8192;
    private static final int WRITE_THRESHOLD = 1 << 20;
    private static final long MAX_IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final RecordQueue queue;
    private final WriterSettings settings;
    private final FileNamer namer;
    private final ChunkSorter sorter;
    private final long latenessNanos;
    private final long flushNanos;
    private final Ticker ticker;
    private final CompletedFileListener listener;
    private final FileEvents events;
    private final Watermark durable;
    private final SealRequest seal;
    /** The highest seal request served: its file was published. */
    private long sealedSeq;
    private final Syncer syncer;
    private final StopRescue rescue;
    private final WriteRetry retry;
    /** Written beside each file as its records are (the column sidecar); never affects the file. */
    private FileTap tap = FileTap.NONE;
    private FileTap.Open tapped;
    /** Null unless a storage class's cutoff applies: then it decides per record what goes into the file. */
    private final RecordGate gate;

    private final Counter files;
    private final Counter records;
    private final Counter bytes;
    private final Counter late;
    private final GroupCommit commits;

    private final LineBuffer buffer = new LineBuffer(WRITE_THRESHOLD + (64 << 10));
    private OpenFile current;
    /** End of the newest slot whose file was published: records older than this are late. */
    private long publishedUpTo = Long.MIN_VALUE;
    private long emptySeenAt = Long.MIN_VALUE;
    /** Every record up to this sequence number is in the buffer or a file. */
    private long writtenSeq;
    /** Records in the buffer, not yet handed to the OS. */
    private long bufferedRecords;
    /** The chunk taken from the sorter and not yet in the buffer (its file is being opened). */
    private Chunk inFlight;

    public QueueWriter(RecordQueue queue, WriterSettings settings, FileNamer namer, Ticker ticker,
            CompletedFileListener listener, FileEvents events, Watermark durable, Syncer syncer, Metrics metrics) {
        this(queue, settings, namer, ticker, listener, events, durable, new SealRequest(), syncer, metrics);
    }

    public QueueWriter(RecordQueue queue, WriterSettings settings, FileNamer namer, Ticker ticker,
            CompletedFileListener listener, FileEvents events, Watermark durable, SealRequest seal, Syncer syncer,
            Metrics metrics) {
        this(queue, settings, namer, ticker, listener, events, durable, seal, syncer, metrics, null);
    }

    /** @param gate what keeps records out of a file (a storage class's cutoff); null for none */
    public QueueWriter(RecordQueue queue, WriterSettings settings, FileNamer namer, Ticker ticker,
            CompletedFileListener listener, FileEvents events, Watermark durable, SealRequest seal, Syncer syncer,
            Metrics metrics, RecordGate gate) {
        super("writer " + queue.name());
        this.gate = gate;
        this.queue = queue;
        this.settings = settings;
        this.namer = namer;
        this.sorter = new ChunkSorter(settings.chunkWindow().toNanos(), settings.sortBy().comparator());
        this.latenessNanos = settings.chunkWindow().toNanos();
        this.flushNanos = settings.flushInterval().toNanos();
        this.ticker = ticker;
        this.listener = listener;
        this.events = events;
        this.durable = durable;
        this.seal = seal;
        this.sealedSeq = seal.requested();
        this.syncer = syncer;
        this.rescue = new StopRescue(queue.name(), settings.rescueDirs(), settings.cycle(), metrics);
        this.retry = new WriteRetry(queue.name(), settings.retryPause(), ticker, queue::isClosed, metrics);
        this.writtenSeq = queue.drainedSeq();
        durable.onWanted(queue::wakeUp); // a new waiter should not wait out the writer's idle poll
        seal.onRequest(queue::wakeUp);
        String source = queue.name();
        this.files = metrics.counter("nsr_writer_files_total", "Files published", "source", source);
        this.records = metrics.counter("nsr_writer_records_total", "Records written", "source", source);
        this.bytes = metrics.counter("nsr_writer_bytes_total", "Uncompressed bytes written", "source", source);
        this.late = metrics.counter("nsr_writer_late_records_total",
                "Records that arrived after their chunk was written (written with the next chunk)", "source", source);
        this.commits = new GroupCommit(durable, settings.syncInterval().toNanos(), ticker, metrics, source);
    }

    /** What is written beside each file from its records; set before the writer starts. */
    public QueueWriter withTap(FileTap fileTap) {
        this.tap = fileTap;
        return this;
    }

    @Override
    protected String threadName() {
        return "writer-" + queue.name();
    }

    @Override
    protected void run() throws InterruptedException {
        try {
            writeUntilStopped();
        } finally {
            if (tapped != null) { // an open file left for rescue or recovery: its tap publishes nothing
                tapped.abandon();
                tapped = null;
            }
        }
    }

    private void writeUntilStopped() throws InterruptedException {
        try {
            loop();
        } catch (WriteRetry.CannotWriteAtStop e) {
            String outcome = rescue.rescue(current, buffer, bufferedRecords, inFlight, sorter, queue);
            throw new IllegalStateException(e.getMessage() + "; " + outcome, e.getCause());
        } catch (InterruptedException e) {
            if (queue.isClosed()) {
                // The stop gave up on this writer at its deadline: rescue what it holds, then end.
                Thread.interrupted(); // clear the flag, or the rescue's file channels close at once
                String outcome = rescue.rescue(current, buffer, bufferedRecords, inFlight, sorter, queue);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("told to give up at the stop's deadline; " + outcome, e);
            }
            Thread.currentThread().interrupt();
            log.warn("writer {} interrupted; {} left for recovery at next start", queue.name(),
                    current == null ? "no open file" : current.part);
            throw e;
        } catch (RuntimeException | Error e) {
            log.error("writer {} failed; its open file is left for recovery at next start", queue.name(), e);
            throw e;
        }
    }

    /** A stop closes the queue: the writer drains what is left, publishes and ends. */
    @Override
    protected void triggerShutdown() {
        queue.close();
        queue.wakeUp();
    }

    /** The stop gave up: the writer stops where it is, its open file is recovered at next start. */
    @Override
    public void abort() {
        interruptThread();
    }

    private void loop() throws InterruptedException {
        List<Record> batch = new ArrayList<>(BATCH);
        long nextFlush = ticker.nanoTime() + flushNanos;
        while (true) {
            batch.clear();
            long mono = ticker.nanoTime();
            long wait = Math.max(0, Math.min(MAX_IDLE_WAIT_NANOS, nextFlush - mono));
            if (commits.wanted(writtenSeq)) {
                wait = Math.min(wait, commits.untilNext(mono));
            } else if (commits.waitsBeyond(writtenSeq)) {
                // Someone waits for records the sorter still holds: wake when their chunk may be
                // written, not at the idle poll (a lone durable POST waited up to 100 ms for it).
                wait = Math.min(wait, untilOldestChunkComplete());
            }
            boolean closedBeforeDrain = queue.isClosed();
            int n = queue.drainTo(batch, BATCH, wait);
            long now = ticker.epochNanos();
            if (n < BATCH) {
                emptySeenAt = now; // everything stamped before now has been taken
            }
            long seq = queue.drainedSeq() - n;
            for (int i = 0; i < n; i++) {
                sorter.add(batch.get(i), ++seq);
            }
            boolean last = closedBeforeDrain && n < BATCH && queue.isFinished();
            writeCompleteChunks(last ? Long.MAX_VALUE : emptySeenAt - latenessNanos);
            if (last) {
                finishCurrentFile();
                return;
            }
            sealIfRequested();
            mono = ticker.nanoTime();
            if (mono >= nextFlush) {
                flushBuffer();
                nextFlush = mono + flushNanos;
            }
            closeFileIfSlotOver();
            if (commits.due(mono, writtenSeq)) {
                groupCommit(mono);
            }
        }
    }

    /**
     * A source asked for its records up to N to be archived now: once all of them are taken from
     * the queue, every chunk the sorter holds is written (what arrives later for those chunks is
     * late) and the file is published, so the compression stage archives it at once.
     */
    private void sealIfRequested() throws InterruptedException {
        long want = seal.requested();
        if (want <= sealedSeq || queue.drainedSeq() < want) {
            return;
        }
        writeCompleteChunks(Long.MAX_VALUE);
        if (current != null) {
            log.info("{}: publishing {} early: a source asked for its records up to {} to be archived now",
                    queue.name(), current.part.getFileName(), want);
        }
        finishCurrentFile();
        sealedSeq = want;
    }

    /**
     * Nanoseconds until the oldest pending chunk is complete by the clock (its end plus the
     * lateness margin, as {@link #writeCompleteChunks} is called with); 0 when it already is.
     */
    private long untilOldestChunkComplete() {
        long oldest = sorter.oldestPendingStart();
        if (oldest == Long.MAX_VALUE) {
            return MAX_IDLE_WAIT_NANOS;
        }
        long completeAt = oldest + settings.chunkWindow().toNanos() + latenessNanos;
        return Math.max(0, Math.min(MAX_IDLE_WAIT_NANOS, completeAt - ticker.epochNanos() + 1));
    }

    private void groupCommit(long mono) throws InterruptedException {
        commits.started(mono);
        long covered = writtenSeq;
        if (current != null) {
            flushBuffer();
            OpenFile file = current;
            retried(() -> "sync " + file.part, () -> file.sync(syncer));
            commits.synced();
        }
        durable.advanceTo(covered);
    }

    private void writeCompleteChunks(long clockWatermark) throws InterruptedException {
        Chunk chunk;
        noteWritten();
        while ((chunk = sorter.pollComplete(clockWatermark)) != null) {
            writeChunk(chunk);
            noteWritten();
        }
    }

    /** Every record below the lowest one the sorter still holds has been written. */
    private void noteWritten() {
        long below = sorter.lowestPendingSeq();
        writtenSeq = below == Long.MAX_VALUE ? queue.drainedSeq() : Math.max(writtenSeq, below - 1);
    }

    private void writeChunk(Chunk chunk) throws InterruptedException {
        long slot = settings.cycle().slotStart(chunk.startNanos());
        int lateRecords = chunk.lateRecords();
        if (slot < publishedUpTo) {
            // Its slot's file is already published (a slow poll stamped before the boundary):
            // write it into the current file rather than open a second file for an old slot.
            slot = current != null ? current.slotStart : publishedUpTo;
            lateRecords = chunk.records().size();
        }
        inFlight = chunk;
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
        OpenFile file = current;
        RecordGate g = gate;
        int kept = 0;
        for (Record r : chunk.records()) {
            // a big poll line goes to the file from its own array: no copy into the buffer
            EncodedLine big = r instanceof EncodedLine e && e.lineLength() >= WRITE_THRESHOLD ? e : null;
            int lineStart = buffer.size();
            if (big == null) {
                r.writeJson(buffer);
            }
            if (g != null && !(big != null ? g.keep(r, big.lineArray(), 0, big.lineLength())
                    : g.keep(r, buffer.array(), lineStart, buffer.size() - lineStart))) {
                buffer.truncate(lineStart); // counted, not written: the file's facts carry the count
                file.cutRecords++;
                continue;
            }
            kept++;
            file.noteTimestamp(r.timestampNanos());
            if (tapped != null) {
                tapped.add(r);
            }
            if (big != null) {
                flushBuffer();
                writeLine(big);
                continue;
            }
            buffer.append((byte) '\n');
            if (buffer.size() >= WRITE_THRESHOLD) {
                flushBuffer();
            }
        }
        current.records += kept;
        bufferedRecords += kept; // a flush inside the loop may have reset it: an upper bound
        inFlight = null;
        records.add(kept);
        if (log.isDebugEnabled()) log.debug("{}: chunk at {} ns sorted and written, {} records ({} late)", queue.name(), chunk.startNanos(), chunk.records().size(), lateRecords);
    }

    private void closeFileIfSlotOver() throws InterruptedException {
        if (current != null && emptySeenAt >= current.slotEnd + latenessNanos
                && sorter.oldestPendingStart() >= current.slotEnd) {
            finishCurrentFile();
        }
    }

    private void openFile(long slotStart) throws InterruptedException {
        RecordingFileName name = namer.nameFor(slotStart, ticker.epochNanos());
        Path dir = settings.dir();
        retried(() -> "create " + dir.resolve(name.fileName(FileStage.WRITING)), () -> {
            current = OpenFile.create(dir, name, slotStart, slotStart + settings.cycle().lengthNanos(),
                    settings.sortBy().configName());
            log.info("{}: writing {}", queue.name(), current.part.getFileName());
            tapped = tap.open(dir, name);
            if (gate != null) {
                gate.fileOpened();
            }
        });
    }

    /** Hands buffered lines to the OS; retried until it works, so nothing buffered is ever lost. */
    private void flushBuffer() throws InterruptedException {
        if (current == null || buffer.size() == 0) {
            return;
        }
        OpenFile file = current;
        if (log.isDebugEnabled()) log.debug("{}: flush of {} buffered bytes to {}", queue.name(), buffer.size(), file.part.getFileName());
        retried(() -> "write " + file.part, () -> file.write(buffer));
        bytes.add(buffer.size());
        buffer.reset();
        bufferedRecords = 0;
    }

    /** Hands one encoded line (and its newline) to the OS; retried until it works, like the buffer. */
    private void writeLine(EncodedLine line) throws InterruptedException {
        OpenFile file = current;
        retried(() -> "write " + file.part, () -> file.writeLine(line.lineArray(), line.lineLength()));
        bytes.add(line.lineLength() + 1);
    }

    private void finishCurrentFile() throws InterruptedException {
        if (current == null) {
            return;
        }
        flushBuffer();
        long covers = writtenSeq;
        OpenFile file = current;
        Path[] published = new Path[1];
        retried(() -> "publish " + file.part, () -> published[0] = file.publish());
        Path json = published[0];
        files.increment();
        log.info("{}: published {} ({} records, {} late, {} bytes)", queue.name(), json.getFileName(),
                current.records, current.lateRecords, current.size());
        if (gate != null) {
            gate.fileFinished(json.getFileName().toString(), current.cutRecords);
        }
        publishedUpTo = Math.max(publishedUpTo, current.slotEnd);
        RecordingFileName name = current.name;
        FileFacts facts = current.facts();
        if (tapped != null) {
            tapped.published(current.records); // before compression hears of the file
            tapped = null;
        }
        current = null;
        durable.advanceTo(covers); // publish fsynced the file
        events.publish(new FileEvent.FileCompleted(queue.name(), json, name, covers));
        listener.fileCompleted(json, name, facts);
    }

    /** Runs a file operation until it works; a deleted output directory is made again between attempts. */
    private void retried(Supplier<String> what, WriteRetry.Attempt attempt) throws InterruptedException {
        retry.untilDone(what, attempt, () -> OpenFile.repairDirectory(settings.dir(), current, queue.name()));
    }

    /** How long writes have been failing without a success, in nanoseconds; 0 while writing works. */
    public long failingForNanos() {
        return retry.failingForNanos();
    }

    /** The newest write error of the current streak, or null. */
    public String lastError() {
        return retry.lastError();
    }

    /** Waits for the writer to finish: queue closed and drained, last file published (or it failed). */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return awaitTerminated(timeout);
    }

    public boolean isFinished() {
        return state().isFinal();
    }

    /** Non-null when the writer stopped because of an unexpected fault. */
    public Throwable failure() {
        return failureCause();
    }

    public String source() {
        return queue.name();
    }

    public RecordQueue queue() {
        return queue;
    }

    public long lateRecords() {
        return late.get();
    }
}
