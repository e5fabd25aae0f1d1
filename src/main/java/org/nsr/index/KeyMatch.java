package org.nsr.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.FlowView;
import org.nsr.record.codec.FlowVisitor;
import org.nsr.record.codec.JsonScan;
import org.nsr.record.codec.NdtwinFlowPoll;

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
    private final Matcher matcher;

    public KeyMatch(IndexKind kind, byte[] key, long fromNanos, long toNanos) {
        this.kind = kind;
        this.key = key.clone();
        this.fromNanos = fromNanos;
        this.toNanos = toNanos;
        this.matcher = new Matcher(new byte[kind.width()]);
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

    private final class Matcher implements FlowVisitor {
        private final byte[] scratch;
        final List<Integer> hits = new ArrayList<>();
        boolean ndtwin;
        private int entry;
        private boolean hit;

        Matcher(byte[] scratch) {
            this.scratch = scratch;
        }

        void reset() {
            hits.clear();
            entry = 0;
            ndtwin = false;
        }

        @Override
        public void flow(Flow f) {
            ndtwin = f.kind() == NdtwinFlowPoll.KIND;
            hit = false;
            kind.keys(f, scratch, k -> hit |= Arrays.equals(k, key));
            if (hit) {
                hits.add(entry);
            }
            entry++;
        }

        @Override
        public void notAFlow() {
            entry++;
        }
    }
}
