package org.nsr.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nsr.channel.RecordQueue;
import org.nsr.layout.RecordingFileName;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.nsr.record.EpochNanos;
import org.nsr.record.LineBuffer;
import org.nsr.record.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a writer does when it cannot write at stop (disk full, directory gone or read-only): it
 * puts every record it still holds in memory — the open file's bytes if its directory is gone,
 * the unwritten buffer, the chunks still being sorted, the rest of the queue — into a rescue file
 * ({@link Rescue}), so the next start archives them. If even that fails, the loss is counted
 * exactly in {@code nsr_writer_lost_records_total} and logged with the first and last record time.
 */
final class StopRescue {
    private static final Logger log = LoggerFactory.getLogger(StopRescue.class);
    private static final int ENCODE_BATCH = 1 << 20;

    private final String source;
    private final List<Path> dirs;
    private final RollCycle cycle;
    private final Counter rescued;
    private final Counter lost;

    StopRescue(String source, List<Path> dirs, RollCycle cycle, Metrics metrics) {
        this.source = source;
        this.dirs = dirs;
        this.cycle = cycle;
        this.rescued = metrics.counter("nsr_writer_rescued_records_total",
                "Records put in a rescue file at a stop that could not write", "source", source);
        this.lost = metrics.counter("nsr_writer_lost_records_total",
                "Records lost at a stop that could neither write nor rescue them", "source", source);
    }

    /**
     * @param current the open file, or null
     * @param buffered how many records {@code buffer} holds
     * @param inFlight the chunk taken from the sorter but not yet in the buffer, or null
     * @return a sentence for the writer's failure: where the records went, or how many were lost
     */
    String rescue(OpenFile current, LineBuffer buffer, long buffered, ChunkSorter.Chunk inFlight, ChunkSorter sorter,
            RecordQueue queue) throws InterruptedException {
        List<Record> pending = new ArrayList<>();
        if (inFlight != null) {
            pending.addAll(inFlight.records());
        }
        ChunkSorter.Chunk chunk;
        while ((chunk = sorter.pollComplete(Long.MAX_VALUE)) != null) {
            pending.addAll(chunk.records());
        }
        while (queue.drainTo(pending, Integer.MAX_VALUE, 0) > 0) {
            // the queue is closed and its producers have stopped: take everything
        }
        boolean fileLost = current != null && !Files.exists(current.part); // its directory went away
        if (current != null && !fileLost) {
            current.cutBackToCommitted(); // a write cut short must not leave lines the rescue holds too
        }
        long fromFile = fileLost ? current.records : buffered;
        long count = fromFile + pending.size();
        if (count == 0) {
            return "nothing was left to write";
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        if (fromFile > 0 && current != null) {
            first = current.minTimestamp;
            last = current.maxTimestamp;
        }
        for (Record r : pending) {
            first = Math.min(first, r.timestampNanos());
            last = Math.max(last, r.timestampNanos());
        }
        RecordingFileName name = current != null ? current.name
                : RecordingFileName.of(cycle.localStamp(cycle.slotStart(first)), source);
        try {
            Path file = Rescue.spill(dirs, name, out -> {
                if (fileLost) {
                    current.copyCommittedTo(out);
                }
                Rescue.writeFully(out, buffer.array(), buffer.size());
                LineBuffer lines = new LineBuffer(ENCODE_BATCH + (64 << 10));
                for (Record r : pending) {
                    r.writeJson(lines);
                    lines.append((byte) '\n');
                    if (lines.size() >= ENCODE_BATCH) {
                        Rescue.writeFully(out, lines.array(), lines.size());
                        lines.reset();
                    }
                }
                Rescue.writeFully(out, lines.array(), lines.size());
            });
            rescued.add(count);
            log.warn("writer {}: cannot write at stop; {} records rescued to {}; the next start archives them",
                    source, count, file);
            return count + " records rescued to " + file;
        } catch (IOException e) {
            lost.add(count);
            log.error("writer {}: cannot write at stop and cannot rescue ({}): {} records lost, the first at {}, "
                    + "the last at {}", source, e.toString(), count, EpochNanos.toInstant(first),
                    EpochNanos.toInstant(last));
            return count + " records lost (" + EpochNanos.toInstant(first) + " to " + EpochNanos.toInstant(last) + ")";
        }
    }
}
