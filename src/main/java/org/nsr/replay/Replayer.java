package org.nsr.replay;

import java.io.IOException;
import org.nsr.archive.ArchiveReader;
import org.nsr.config.ConfigException;
import org.nsr.core.StopSignal;

/**
 * Replays a recording into a sink: merges the selected records in timestamp order, paces them with
 * a {@link Pacer}, and starts over with {@code loop} until stopped. Runs on the calling thread;
 * {@link StopSignal#raise()} from another thread ends it after the record in hand.
 */
public final class Replayer {
    private final RecordingIndex index;
    private final ReadSelection selection;
    private final ArchiveReader reader;
    private final ReadStats stats;
    private final Pacer pacer;
    private final boolean loop;
    private final RecordSink sink;
    private final StopSignal stop;
    private final Progress progress;
    private final Reordering reordering;

    /** Without reordering: each source in file order. @param progress null for no progress bar */
    public Replayer(RecordingIndex index, ReadSelection selection, ArchiveReader reader, ReadStats stats, Pacer pacer,
            boolean loop, RecordSink sink, StopSignal stop, Progress progress) {
        this(index, selection, reader, stats, pacer, loop, sink, stop, progress, Reordering.NONE);
    }

    /** @param progress null for no progress bar */
    public Replayer(RecordingIndex index, ReadSelection selection, ArchiveReader reader, ReadStats stats, Pacer pacer,
            boolean loop, RecordSink sink, StopSignal stop, Progress progress, Reordering reordering) {
        this.reordering = reordering;
        this.index = index;
        this.selection = selection;
        this.reader = reader;
        this.stats = stats;
        this.pacer = pacer;
        this.loop = loop;
        this.sink = sink;
        this.stop = stop;
        this.progress = progress;
    }

    /**
     * Replays until the end (or, with loop, until stopped).
     *
     * @return the number of records delivered to the sink
     * @throws IOException when the sink fails (stdout closed, for example)
     */
    public long run() throws IOException, ConfigException, InterruptedException {
        long delivered = 0;
        do {
            pacer.restart();
            long passRecords = 0;
            try (RecordMerger merger = new RecordMerger(index, selection, reader, stats, reordering)) {
                int filesTotal = merger.filesToRead().size();
                long filesBefore = stats.filesOpened();
                RecordView r;
                while (!stop.isRaised() && (r = merger.next()) != null) {
                    if (pacer.paced()) {
                        sink.flush();
                        if (!pacer.awaitDue(r.timestampNanos())) {
                            break;
                        }
                    }
                    sink.accept(r);
                    delivered++;
                    passRecords++;
                    if (progress != null) {
                        progress.update(stats.filesOpened() - filesBefore, filesTotal, delivered, r.timestampNanos());
                    }
                }
            }
            sink.flush();
            if (passRecords == 0) {
                break; // nothing in range: looping would spin
            }
        } while (loop && !stop.isRaised());
        if (progress != null) {
            progress.finish();
        }
        return delivered;
    }
}
