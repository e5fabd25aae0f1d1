package org.nsr.ui;

import java.util.List;
import org.nsr.metrics.Metrics;
import org.nsr.sink.Sink;
import org.nsr.sink.SinkFactory;

/**
 * A sink type: for every source, a {@link FeedSink}, a ring the one {@link FlowFeed} thread reads
 * for the traffic window and the detector (the share of it the thread's budget allows). Records of
 * no flow kind pass by. Never blocks a source: a full ring drops and counts.
 */
public final class FlowTaps implements SinkFactory {
    private final FlowFeed feed;

    public FlowTaps(FlowFeed feed) {
        this.feed = feed;
    }

    @Override
    public List<Sink> create(String source, Metrics metrics) {
        return List.of(feed.sinkFor(source));
    }
}
