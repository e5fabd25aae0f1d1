package org.nsr.replay;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * One source's records held back for a {@link Reordering} window, earliest first. Equal timestamps
 * keep read order. Records are copied in (the reader's line bytes are borrowed). Not thread-safe.
 */
final class ReorderBuffer {
    /** One held record. */
    record Held(long timestampNanos, long seq, byte[] line, RecordingFile file) {
    }

    private final Reordering bounds;
    private final PriorityQueue<Held> heap = new PriorityQueue<>(
            (a, b) -> a.timestampNanos != b.timestampNanos ? Long.compare(a.timestampNanos, b.timestampNanos)
                    : Long.compare(a.seq, b.seq));
    private long seq;
    private long heldBytes;
    private long latestRead = Long.MIN_VALUE;

    ReorderBuffer(Reordering bounds) {
        this.bounds = bounds;
    }

    /**
     * Holds a copy of a record.
     *
     * @return true when it was read after a later record (out of file order)
     */
    boolean add(long timestampNanos, byte[] b, int off, int len, RecordingFile file) {
        heap.add(new Held(timestampNanos, seq++, Arrays.copyOfRange(b, off, off + len), file));
        heldBytes += len;
        boolean outOfOrder = timestampNanos < latestRead;
        latestRead = Math.max(latestRead, timestampNanos);
        return outOfOrder;
    }

    /** True when the earliest held record is due: a record at least the window later has been read. */
    boolean earliestIsDue() {
        Held h = heap.peek();
        return h != null && latestRead - h.timestampNanos >= bounds.windowNanos();
    }

    /** True when the buffer holds more than its record or byte limit. */
    boolean overLimit() {
        return heap.size() > bounds.maxHeldRecords() || heldBytes > bounds.maxHeldBytes();
    }

    boolean isEmpty() {
        return heap.isEmpty();
    }

    /** Removes and returns the earliest held record, or null. */
    Held poll() {
        Held h = heap.poll();
        if (h != null) {
            heldBytes -= h.line.length;
        }
        return h;
    }
}
