package org.nsr.write;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.nsr.channel.RecordQueue;
import org.nsr.core.Ticker;
import org.nsr.lifecycle.AbstractExecutionThreadService;
import org.nsr.lifecycle.Abortable;
import org.nsr.metrics.Metrics;
import org.nsr.record.Record;
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
    private static final long MAX_IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final RecordQueue queue;
    private final WriterSettings settings;
    private final ChunkSorter sorter;
    private final long latenessNanos;
    private final long flushNanos;
    private final Ticker ticker;
    private final Watermark durable;
    private final SealRequest seal;
    /** The highest seal request served: its file was published. */
    private long sealedSeq;
    private final Syncer syncer;
    private final StopRescue rescue;
    private final SlotFiles files;
    private final GroupCommit commits;

    private long emptySeenAt = Long.MIN_VALUE;
    /** Every record up to this sequence number is in the buffer or a file. */
    private long writtenSeq;
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
        this.queue = queue;
        this.settings = settings;
        this.sorter = new ChunkSorter(settings.chunkWindow().toNanos(), settings.sortBy().comparator());
        this.latenessNanos = settings.chunkWindow().toNanos();
        this.flushNanos = settings.flushInterval().toNanos();
        this.ticker = ticker;
        this.durable = durable;
        this.seal = seal;
        this.sealedSeq = seal.requested();
        this.syncer = syncer;
        this.rescue = new StopRescue(queue.name(), settings.rescueDirs(), settings.cycle(), metrics);
        this.writtenSeq = queue.drainedSeq();
        durable.onWanted(queue::wakeUp); // a new waiter should not wait out the writer's idle poll
        seal.onRequest(queue::wakeUp);
        String source = queue.name();
        WriteRetry retry = new WriteRetry(source, settings.retryPause(), ticker, queue::isClosed, metrics);
        this.files = new SlotFiles(source, settings, namer, ticker, listener, events, durable, retry, gate, metrics);
        this.commits = new GroupCommit(durable, settings.syncInterval().toNanos(), ticker, metrics, source);
    }

    /** What is written beside each file from its records; set before the writer starts. */
    public QueueWriter withTap(FileTap fileTap) {
        files.tap(fileTap);
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
            files.abandonTap(); // a file still open is left for rescue or recovery
        }
    }

    private void writeUntilStopped() throws InterruptedException {
        try {
            loop();
        } catch (WriteRetry.CannotWriteAtStop e) {
            String outcome = files.rescue(rescue, inFlight, sorter, queue);
            throw new IllegalStateException(e.getMessage() + "; " + outcome, e.getCause());
        } catch (InterruptedException e) {
            if (queue.isClosed()) {
                // The stop gave up on this writer at its deadline: rescue what it holds, then end.
                Thread.interrupted(); // clear the flag, or the rescue's file channels close at once
                String outcome = files.rescue(rescue, inFlight, sorter, queue);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("told to give up at the stop's deadline; " + outcome, e);
            }
            Thread.currentThread().interrupt();
            log.warn("writer {} interrupted; {} left for recovery at next start", queue.name(),
                    files.openPart() == null ? "no open file" : files.openPart());
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
                files.finish(writtenSeq);
                return;
            }
            sealIfRequested();
            mono = ticker.nanoTime();
            if (mono >= nextFlush) {
                files.flush();
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
        if (files.openPart() != null) {
            log.info("{}: publishing {} early: a source asked for its records up to {} to be archived now",
                    queue.name(), files.openPart().getFileName(), want);
        }
        files.finish(writtenSeq);
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
        if (files.sync(syncer)) {
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
        inFlight = chunk; // until it is in the buffer: a stop that cannot write rescues it from here
        files.write(chunk, writtenSeq);
        inFlight = null;
    }

    private void closeFileIfSlotOver() throws InterruptedException {
        if (files.slotOver(emptySeenAt, latenessNanos, sorter.oldestPendingStart())) {
            files.finish(writtenSeq);
        }
    }

    /** How long writes have been failing without a success, in nanoseconds; 0 while writing works. */
    public long failingForNanos() {
        return files.failingForNanos();
    }

    /** The newest write error of the current streak, or null. */
    public String lastError() {
        return files.lastError();
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
        return files.lateRecords();
    }
}
