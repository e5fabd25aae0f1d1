package org.nsr.replay.sink;

import java.io.IOException;
import org.nsr.filter.Filter;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.FlowView;
import org.nsr.record.codec.FlowVisitor;
import org.nsr.replay.RecordSink;
import org.nsr.replay.RecordView;

/**
 * {@code replay --filter}: hands on a record when at least one of its flows matches (a generator
 * line holds one flow, an NDTwin snapshot many; a snapshot is passed whole, not cut down). Records
 * that hold no flows (graph polls, errors) are not passed. Both kinds of drop are counted and
 * reported in {@link #summary()}. Replay thread only.
 */
public final class FlowFilterSink implements RecordSink {
    private final RecordSink next;
    private final Filter filter;
    private final FlowView view = new FlowView();
    private final Matcher matcher = new Matcher();
    private long passed;
    private long noMatch;
    private long noFlows;

    private final class Matcher implements FlowVisitor {
        boolean any;

        @Override
        public void flow(Flow f) {
            any |= filter.matches(f);
        }
    }

    public FlowFilterSink(RecordSink next, Filter filter) {
        this.next = next;
        this.filter = filter;
    }

    @Override
    public void accept(RecordView r) throws IOException {
        matcher.any = false;
        int n = view.visit(r.array(), r.offset(), r.length(), r.timestampNanos(), matcher);
        if (n == FlowView.NO_FLOWS || n == FlowView.MALFORMED) {
            noFlows++;
        } else if (!matcher.any) {
            noMatch++;
        } else {
            passed++;
            next.accept(r);
        }
    }

    @Override
    public void flush() throws IOException {
        next.flush();
    }

    @Override
    public long failures() {
        return next.failures();
    }

    @Override
    public String summary() {
        String own = "--filter passed " + passed + " records, dropped " + noMatch + " with no matching flow and "
                + noFlows + " holding no flows";
        return next.summary() == null ? own : next.summary() + "; " + own;
    }

    @Override
    public void close() throws IOException {
        next.close();
    }
}
