package org.nsr.replay;

/**
 * How much each source's records are put back in timestamp order as they are read. Files are read
 * in order, so a record the writer counted as late would come out where it was written; a cursor
 * holds records for {@code windowNanos} of record time in a min-heap and releases a record once it
 * has read one at least the window later. At most {@code maxHeldRecords} records and
 * {@code maxHeldBytes} bytes are held per source: beyond that the earliest is released early and
 * counted. A window of 0 turns the buffer off and keeps the zero-copy read path.
 */
public record Reordering(long windowNanos, int maxHeldRecords, long maxHeldBytes) {
    public static final Reordering NONE = new Reordering(0, 0, 0);
    public static final int DEFAULT_MAX_HELD_RECORDS = 1_000_000;
    public static final long DEFAULT_MAX_HELD_BYTES = 256L << 20;
    public static final long DEFAULT_WINDOW_NANOS = 2_000_000_000L;

    public Reordering {
        if (windowNanos < 0 || maxHeldRecords < 0 || maxHeldBytes < 0) {
            throw new IllegalArgumentException("negative reordering bound: " + windowNanos + ", " + maxHeldRecords
                    + ", " + maxHeldBytes);
        }
    }

    /** A window with the default held-record and held-byte limits; 0 turns reordering off. */
    public static Reordering window(long windowNanos) {
        return windowNanos == 0 ? NONE : new Reordering(windowNanos, DEFAULT_MAX_HELD_RECORDS, DEFAULT_MAX_HELD_BYTES);
    }

    public boolean enabled() {
        return windowNanos > 0;
    }
}
