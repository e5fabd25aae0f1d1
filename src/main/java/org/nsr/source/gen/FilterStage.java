package org.nsr.source.gen;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.nsr.filter.Filter;

/** {@code --filter EXPR}: hands on only the flows the filter matches; the others are counted. */
public final class FilterStage implements ChunkSink {
    private final ChunkSink next;
    private final Filter filter;
    private final GenerationStats stats;

    public FilterStage(ChunkSink next, Filter filter, GenerationStats stats) {
        this.next = next;
        this.filter = filter;
        this.stats = stats;
    }

    @Override
    public void accept(List<FlowRecord> chunk) throws IOException {
        List<FlowRecord> kept = new ArrayList<>(chunk.size());
        for (int i = 0, size = chunk.size(); i < size; i++) {
            FlowRecord f = chunk.get(i);
            if (filter.matches(f.srcIpBits(), f.dstIpBits(), f.srcPort(), f.dstPort(), f.protocol(), f.packetCount(),
                    f.byteCount())) {
                kept.add(f);
            }
        }
        stats.filteredOut(chunk.size() - kept.size());
        next.accept(kept);
    }

    @Override
    public void flush() throws IOException {
        next.flush();
    }

    @Override
    public void finish() throws IOException {
        next.finish();
    }
}
