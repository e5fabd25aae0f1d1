package org.nsr.index;

import java.util.Arrays;
import java.util.function.Consumer;
import org.nsr.record.codec.FlowView;
import org.nsr.record.codec.JsonScan;

/**
 * The lines {@link Lookup} prints for one record line, for a record that did not come from a file:
 * a console subscription's live part, which must print exactly what the stored part (a lookup)
 * prints for the same record. Same rules as Lookup's scan: the timestamp in range, a flow whose
 * key matches; NDTwin polls give one line per matching entry. Not thread-safe; one per reader.
 */
public final class KeyMatch {
    private final IndexKind kind;
    private final byte[] key;
    private final long fromNanos;
    private final long toNanos;
    private final FlowView view = new FlowView();
    private final EntryMatcher matcher;

    public KeyMatch(IndexKind kind, byte[] key, long fromNanos, long toNanos) {
        this.kind = kind;
        this.key = key.clone();
        this.fromNanos = fromNanos;
        this.toNanos = toNanos;
        this.matcher = new EntryMatcher(kind, this.key);
    }

    /** Hands {@code out} each line a lookup of this key would print for the record line; none if it misses. */
    public void linesOf(byte[] b, int off, int len, Consumer<byte[]> out) {
        long timestampNanos = JsonScan.timestampNanos(b, off, len); // as Lookup reads it from the file
        if (timestampNanos == JsonScan.NO_TIMESTAMP || timestampNanos < fromNanos || timestampNanos > toNanos) {
            return;
        }
        matcher.reset();
        if (view.visit(b, off, len, timestampNanos, matcher) <= 0 || matcher.hits.isEmpty()) {
            return;
        }
        if (matcher.ndtwin) {
            Lookup.NdtwinEntries.linesFor(b, off, len, matcher.hits).forEach(out);
        } else {
            out.accept(Arrays.copyOfRange(b, off, off + len));
        }
    }
}
