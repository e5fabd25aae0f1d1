package org.nsr.ui;

import java.util.List;
import org.nsr.metrics.Metrics;
import org.nsr.record.LineBuffer;
import org.nsr.record.Record;
import org.nsr.record.codec.FlowView;
import org.nsr.record.codec.FlowVisitor;
import org.nsr.sink.LiveTap;
import org.nsr.sink.Sink;
import org.nsr.sink.SinkFactory;

/**
 * A sink type: for every source, a {@link LiveTap} (never blocks the source; drops and counts when
 * behind) whose thread reads each record through the {@link FlowView} and hands its flows to
 * {@code visitor} (the traffic window, the detector). Records of no flow kind pass by.
 */
public final class FlowTaps implements SinkFactory {
    private final String tapName;
    private final int capacity;
    private final FlowVisitor visitor;

    /**
     * @param capacity records each tap buffers before it drops
     * @param visitor called on the taps' threads, one per source: must be thread-safe
     */
    public FlowTaps(String tapName, int capacity, FlowVisitor visitor) {
        this.tapName = tapName;
        this.capacity = capacity;
        this.visitor = visitor;
    }

    @Override
    public List<Sink> create(String source, Metrics metrics) {
        FlowView view = new FlowView();
        LineBuffer line = new LineBuffer(4096);
        LiveTap.Consumer reader = (Record r, long seq) -> {
            line.reset();
            r.writeJson(line);
            view.visit(line.array(), 0, line.size(), r.timestampNanos(), visitor);
        };
        return List.of(new LiveTap(source, tapName, capacity, reader, metrics));
    }
}
