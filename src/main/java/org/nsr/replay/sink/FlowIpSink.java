package org.nsr.replay.sink;

import java.io.IOException;
import org.nsr.record.codec.FlowView;
import org.nsr.replay.RecordSink;
import org.nsr.replay.RecordView;

/**
 * {@code replay --ip}: passes on only the records holding a flow with {@code ip} at either end (a
 * whole poll line when one of its flows matches); lines without flows are not passed. Replay thread only.
 */
public final class FlowIpSink implements RecordSink {
    private final RecordSink next;
    private final int ip;
    private final FlowView view = new FlowView();
    private boolean hit;

    public FlowIpSink(RecordSink next, int ip) {
        this.next = next;
        this.ip = ip;
    }

    @Override
    public void accept(RecordView r) throws IOException {
        hit = false;
        view.visit(r.array(), r.offset(), r.length(), r.timestampNanos(), f -> hit |= f.srcIp() == ip || f.dstIp() == ip);
        if (hit) {
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
        return next.summary();
    }

    @Override
    public void close() throws IOException {
        next.close();
    }
}
