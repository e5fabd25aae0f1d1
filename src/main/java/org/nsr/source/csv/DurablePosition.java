package org.nsr.source.csv;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import org.nsr.core.Ticker;
import org.nsr.sink.Watermark;

/**
 * Saves a CSV source's read position only once the rows before it are durable: a checkpoint is
 * the position after the row with record sequence number {@code seq}, and it is written to the
 * position file when the source's durable watermark has reached {@code seq}. A kill -9 or a crash
 * therefore never leaves a saved position past rows that are not on disk (no row skipped); rows
 * that reached the file but not the saved position are found by {@link LastRecordedRow} at restart
 * (no row twice).
 *
 * <p>A checkpoint registers a wait on the watermark, so the writer fsyncs within its
 * {@code sync_interval}. At most {@value #MAX_PENDING} checkpoints wait; saves are at most one per
 * {@link #SAVE_EVERY}. Not thread-safe: the source's thread owns it.
 */
final class DurablePosition {
    static final int MAX_PENDING = 64;
    static final Duration SAVE_EVERY = Duration.ofMillis(200);

    private record Checkpoint(long seq, ReadPosition position) {
    }

    private final Path file;
    private final Watermark durable;
    private final Ticker ticker;
    private final ArrayDeque<Checkpoint> pending = new ArrayDeque<>();
    private ReadPosition saved;
    private long lastSaveNanos;

    DurablePosition(Path file, Watermark durable, Ticker ticker, ReadPosition loaded) {
        this.file = file;
        this.durable = durable;
        this.ticker = ticker;
        this.saved = loaded;
        this.lastSaveNanos = ticker.nanoTime() - SAVE_EVERY.toNanos();
    }

    /** The position after the record {@code seq} (0 when no record was handed on yet) is a candidate. */
    void checkpoint(long seq, ReadPosition position) throws IOException {
        Checkpoint last = pending.peekLast();
        if (last != null && last.seq() == seq) {
            pending.pollLast(); // later position, same records: only bad or blank rows in between
        } else if (pending.size() == MAX_PENDING) {
            pending.pollFirst(); // an older candidate; a later one covers it once durable
        }
        pending.addLast(new Checkpoint(seq, position));
        if (seq > durable.value()) {
            durable.whenAtLeast(seq); // someone waits: the writer fsyncs for it
        }
        saveDurable(false);
    }

    /** Saves the newest checkpoint the durable watermark has passed; at most once per {@link #SAVE_EVERY} unless {@code now}. */
    void saveDurable(boolean now) throws IOException {
        if (pending.isEmpty() || pending.peekFirst().seq() > durable.value()) {
            return;
        }
        long t = ticker.nanoTime();
        if (!now && t - lastSaveNanos < SAVE_EVERY.toNanos()) {
            return;
        }
        Checkpoint best = null;
        long upTo = durable.value();
        while (!pending.isEmpty() && pending.peekFirst().seq() <= upTo) {
            best = pending.pollFirst();
        }
        if (best != null && !best.position().equals(saved)) {
            best.position().save(file);
            saved = best.position();
            lastSaveNanos = t;
        }
    }

    /**
     * At stop: waits up to {@code timeout} for the last checkpoint's rows to be durable (the writer
     * still runs: it stops after its source), then saves the newest durable one.
     */
    void saveAtStop(Duration timeout) throws IOException, InterruptedException {
        Checkpoint last = pending.peekLast();
        if (last != null && last.seq() > durable.value()) {
            durable.await(last.seq(), timeout);
        }
        saveDurable(true);
    }

    /** The position last written to the file. */
    ReadPosition saved() {
        return saved;
    }
}
