package org.nsr.write;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.nsr.channel.RecordQueue;
import org.nsr.core.Ticker;
import org.nsr.layout.FileFacts;
import org.nsr.layout.FileStage;
import org.nsr.layout.RecordingFileName;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.nsr.record.EncodedLine;
import org.nsr.record.LineBuffer;
import org.nsr.record.Record;
import org.nsr.sink.FileEvent;
import org.nsr.sink.FileEvents;
import org.nsr.sink.Syncer;
import org.nsr.sink.Watermark;
import org.nsr.write.ChunkSorter.Chunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A writer's files, one time slot after another: opens the slot's file, appends sorted chunks to
 * it through one buffer, and publishes it (fsynced, renamed) when the writer says the slot is over.
 * Every file operation is retried until it works, so nothing buffered is ever lost. Its tap (the
 * column sidecar) and gate (a storage class's cutoff) see each record as it is written. Used by
 * the writer's thread only.
 */
final class SlotFiles {
    private static final Logger log = LoggerFactory.getLogger(QueueWriter.class); // the writer's log
    static final int WRITE_THRESHOLD = 1 << 20;

    private final String source;
    private final WriterSettings settings;
    private final FileNamer namer;
    private final Ticker ticker;
    private final CompletedFileListener listener;
    private final FileEvents events;
    private final Watermark durable;
    private final WriteRetry retry;
    /** Null unless a storage class's cutoff applies: then it decides per record what goes into the file. */
    private final RecordGate gate;
    /** Written beside each file as its records are (the column sidecar); never affects the file. */
    private FileTap tap = FileTap.NONE;
    private FileTap.Open tapped;

    private final Counter files;
    private final Counter records;
    private final Counter bytes;
    private final Counter late;

    private final LineBuffer buffer = new LineBuffer(WRITE_THRESHOLD + (64 << 10));
    private OpenFile current;
    /** Records in the buffer, not yet handed to the OS. */
    private long bufferedRecords;
    /** End of the newest slot whose file was published: records older than this are late. */
    private long publishedUpTo = Long.MIN_VALUE;

    SlotFiles(String source, WriterSettings settings, FileNamer namer, Ticker ticker, CompletedFileListener listener,
            FileEvents events, Watermark durable, WriteRetry retry, RecordGate gate, Metrics metrics) {
        this.source = source;
        this.settings = settings;
        this.namer = namer;
        this.ticker = ticker;
        this.listener = listener;
        this.events = events;
        this.durable = durable;
        this.retry = retry;
        this.gate = gate;
        this.files = metrics.counter("nsr_writer_files_total", "Files published", "source", source);
        this.records = metrics.counter("nsr_writer_records_total", "Records written", "source", source);
        this.bytes = metrics.counter("nsr_writer_bytes_total", "Uncompressed bytes written", "source", source);
        this.late = metrics.counter("nsr_writer_late_records_total",
                "Records that arrived after their chunk was written (written with the next chunk)", "source", source);
    }

    void tap(FileTap fileTap) {
        this.tap = fileTap;
    }

    long lateRecords() {
        return late.get();
    }

    /** The open file's name while writing, for the log; null between files. */
    Path openPart() {
        return current == null ? null : current.part;
    }

    /** The open file's slot is over by the clock and nothing of it can still be waiting. */
    boolean slotOver(long emptySeenAt, long latenessNanos, long oldestPendingStart) {
        return current != null && emptySeenAt >= current.slotEnd + latenessNanos && oldestPendingStart >= current.slotEnd;
    }

    /**
     * Appends a sorted chunk to its slot's file, publishing the previous slot's first.
     *
     * @param covers every record up to this sequence number is written once the previous file is published
     */
    void write(Chunk chunk, long covers) throws InterruptedException {
        long slot = settings.cycle().slotStart(chunk.startNanos());
        int lateRecords = chunk.lateRecords();
        if (slot < publishedUpTo) {
            // Its slot's file is already published (a slow poll stamped before the boundary):
            // write it into the current file rather than open a second file for an old slot.
            slot = current != null ? current.slotStart : publishedUpTo;
            lateRecords = chunk.records().size();
        }
        if (current != null && slot > current.slotStart) {
            finish(covers);
        }
        if (current == null) {
            open(slot);
        }
        if (lateRecords > 0) {
            late.add(lateRecords);
            current.lateRecords += lateRecords;
            log.debug("{}: {} late records written with the chunk at {}", source, lateRecords, chunk.startNanos());
        }
        int kept = append(chunk);
        current.records += kept;
        bufferedRecords += kept; // a flush inside append may have reset it: an upper bound
        records.add(kept);
        if (log.isDebugEnabled()) log.debug("{}: chunk at {} ns sorted and written, {} records ({} late)", source, chunk.startNanos(), chunk.records().size(), lateRecords);
    }

    /** @return the records kept in the file (the gate may cut some) */
    private int append(Chunk chunk) throws InterruptedException {
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
                flush();
                writeLine(big);
                continue;
            }
            if (log.isTraceEnabled()) {
                log.trace("{}: line {}", source, new String(buffer.array(), lineStart,
                        Math.min(buffer.size() - lineStart, 512), StandardCharsets.UTF_8));
            }
            buffer.append((byte) '\n');
            if (buffer.size() >= WRITE_THRESHOLD) {
                flush();
            }
        }
        return kept;
    }

    private void open(long slotStart) throws InterruptedException {
        RecordingFileName name = namer.nameFor(slotStart, ticker.epochNanos());
        Path dir = settings.dir();
        retried(() -> "create " + dir.resolve(name.fileName(FileStage.WRITING)), () -> {
            current = OpenFile.create(dir, name, slotStart, slotStart + settings.cycle().lengthNanos(),
                    settings.sortBy().configName());
            log.info("{}: writing {}", source, current.part.getFileName());
            tapped = tap.open(dir, name);
            if (gate != null) {
                gate.fileOpened();
            }
        });
    }

    /** Hands buffered lines to the OS. */
    void flush() throws InterruptedException {
        if (current == null || buffer.size() == 0) {
            return;
        }
        OpenFile file = current;
        if (log.isDebugEnabled()) log.debug("{}: flush of {} buffered bytes to {}", source, buffer.size(), file.part.getFileName());
        retried(() -> "write " + file.part, () -> file.write(buffer));
        bytes.add(buffer.size());
        buffer.reset();
        bufferedRecords = 0;
    }

    /** Hands one encoded line (and its newline) to the OS. */
    private void writeLine(EncodedLine line) throws InterruptedException {
        OpenFile file = current;
        retried(() -> "write " + file.part, () -> file.writeLine(line.lineArray(), line.lineLength()));
        bytes.add(line.lineLength() + 1);
    }

    /** Flushes and fsyncs the open file for durable waiters; false when no file is open. */
    boolean sync(Syncer syncer) throws InterruptedException {
        if (current == null) {
            return false;
        }
        flush();
        OpenFile file = current;
        retried(() -> "sync " + file.part, () -> file.sync(syncer));
        return true;
    }

    /** Publishes the open file, if any: every record up to {@code covers} is then durable. */
    void finish(long covers) throws InterruptedException {
        if (current == null) {
            return;
        }
        flush();
        OpenFile file = current;
        Path[] published = new Path[1];
        retried(() -> "publish " + file.part, () -> published[0] = file.publish());
        Path json = published[0];
        files.increment();
        log.info("{}: published {} ({} records, {} late, {} bytes)", source, json.getFileName(),
                file.records, file.lateRecords, file.size());
        if (gate != null) {
            gate.fileFinished(json.getFileName().toString(), file.cutRecords);
        }
        publishedUpTo = Math.max(publishedUpTo, file.slotEnd);
        RecordingFileName name = file.name;
        FileFacts facts = file.facts();
        if (tapped != null) {
            tapped.published(file.records); // before compression hears of the file
            tapped = null;
        }
        current = null;
        durable.advanceTo(covers); // publish fsynced the file
        events.publish(new FileEvent.FileCompleted(source, json, name, covers));
        listener.fileCompleted(json, name, facts);
    }

    /** The stop cannot write here: what the writer holds goes to a rescue directory. */
    String rescue(StopRescue rescue, Chunk inFlight, ChunkSorter sorter, RecordQueue queue) throws InterruptedException {
        return rescue.rescue(current, buffer, bufferedRecords, inFlight, sorter, queue);
    }

    /** The writer ends with a file open (left for rescue or recovery): its tap publishes nothing. */
    void abandonTap() {
        if (tapped != null) {
            tapped.abandon();
            tapped = null;
        }
    }

    long failingForNanos() {
        return retry.failingForNanos();
    }

    String lastError() {
        return retry.lastError();
    }

    /** Runs a file operation until it works; a deleted output directory is made again between attempts. */
    private void retried(Supplier<String> what, WriteRetry.Attempt attempt) throws InterruptedException {
        retry.untilDone(what, attempt, () -> OpenFile.repairDirectory(settings.dir(), current, source));
    }
}
