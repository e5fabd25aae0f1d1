package org.nsr.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.FlowVisitor;
import org.nsr.record.codec.NdtwinFlowPoll;

/**
 * Notes which flows of one line match a key: the entry numbers for an NDTwin poll (one printed
 * line each), any hit for a one-flow line. Shared by lookups over the recording and the console's
 * live matching, so both print the same lines. Not thread-safe; call {@link #reset()} per line.
 */
final class EntryMatcher implements FlowVisitor {
    private final IndexKind kind;
    private final byte[] key;
    private final byte[] scratch;
    final List<Integer> hits = new ArrayList<>();
    boolean ndtwin;
    private int entry;
    private boolean hit;

    EntryMatcher(IndexKind kind, byte[] key) {
        this.kind = kind;
        this.key = key;
        this.scratch = new byte[kind.width()];
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
