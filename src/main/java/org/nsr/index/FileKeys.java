package org.nsr.index;

import java.util.List;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.FlowView;
import org.nsr.record.codec.FlowVisitor;

/**
 * Turns the lines of one recording file into one {@link MemoryTable.Builder} per index kind: the
 * flows of each line (through the flow view, so every line kind with flows is indexed) give their
 * normalised keys and times. Not thread-safe: one per indexing thread.
 */
final class FileKeys implements FlowVisitor {
    private final List<IndexKind> kinds;
    private final long timeoutNanos;
    private final FlowView view = new FlowView();
    private final byte[][] scratch;
    private MemoryTable.Builder[] builders;
    private long flows;
    private long malformed;
    private long time;

    FileKeys(List<IndexKind> kinds, long timeoutNanos) {
        this.kinds = List.copyOf(kinds);
        this.timeoutNanos = timeoutNanos;
        this.scratch = new byte[kinds.size()][];
        for (int i = 0; i < kinds.size(); i++) {
            scratch[i] = new byte[kinds.get(i).width()];
        }
        reset();
    }

    /** Starts a new file. */
    void reset() {
        builders = new MemoryTable.Builder[kinds.size()];
        for (int i = 0; i < builders.length; i++) {
            builders[i] = new MemoryTable.Builder(kinds.get(i), timeoutNanos);
        }
    }

    /** Indexes the flows of one line; returns the flows seen or a {@link FlowView} code. */
    int line(byte[] b, int off, int len, long timestampNanos) {
        int n = view.visit(b, off, len, timestampNanos, this);
        if (n == FlowView.MALFORMED) {
            malformed++;
        }
        return n;
    }

    @Override
    public void flow(Flow f) {
        flows++;
        time = f.timeNanos();
        for (int i = 0; i < builders.length; i++) {
            MemoryTable.Builder b = builders[i];
            kinds.get(i).keys(f, scratch[i], k -> b.add(k, time));
        }
    }

    /** Distinct keys held so far, all kinds together: what bounds memory. */
    long keysHeld() {
        long n = 0;
        for (MemoryTable.Builder b : builders) {
            n += b.size();
        }
        return n;
    }

    long flows() {
        return flows;
    }

    long malformed() {
        return malformed;
    }

    List<IndexKind> kinds() {
        return kinds;
    }

    /** The tables of the file so far, one per kind, and a fresh start. */
    MemoryTable[] seal(String archive) {
        MemoryTable[] out = new MemoryTable[builders.length];
        for (int i = 0; i < builders.length; i++) {
            out[i] = builders[i].build(archive);
        }
        reset();
        return out;
    }
}
