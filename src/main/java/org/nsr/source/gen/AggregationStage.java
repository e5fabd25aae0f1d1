package org.nsr.source.gen;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --aggregate DURATION}: sums the flows with the same 5-tuple inside each aggregation
 * window (windows start at multiples of the duration since the epoch). The summed flow has the
 * first flow's start and stream, the last flow's time as its end, and the packets and bytes of
 * all. A window is handed on as one chunk, sorted in the run's order, once a flow of a later
 * window arrives (chunks come in time order) or at the end.
 *
 * <p>Memory is bounded by {@code maxGroups} 5-tuples per window: past it the window is handed on
 * early and a new one begins, so a 5-tuple may then appear twice in that window; each split is
 * counted and the first is logged.
 */
public final class AggregationStage implements ChunkSink {
    private static final Logger LOG = LoggerFactory.getLogger(AggregationStage.class);

    private final ChunkSink next;
    private final long windowNanos;
    private final int maxGroups;
    private final Comparator<FlowRecord> order;
    private final GenerationStats stats;
    private final Map<FiveTuple, Sum> groups = new HashMap<>();
    private long window = Long.MIN_VALUE;
    private long flowsIn;

    private record FiveTuple(int src, int dst, int srcPort, int dstPort, int protocol) {
        @Override
        public int hashCode() {
            long h = ((long) src << 32 | (dst & 0xFFFF_FFFFL)) * 0x9E37_79B9_7F4A_7C15L;
            h ^= ((long) srcPort << 24 | (long) dstPort << 8 | protocol) * 0xC2B2_AE3D_27D4_EB4FL;
            return (int) (h ^ (h >>> 32));
        }
    }

    private static final class Sum {
        final FlowRecord first;
        long end;
        long packets;
        long bytes;

        Sum(FlowRecord first) {
            this.first = first;
            this.end = first.endNanos();
        }
    }

    public AggregationStage(ChunkSink next, long windowNanos, int maxGroups, Comparator<FlowRecord> order,
            GenerationStats stats) {
        if (windowNanos < 1 || maxGroups < 1) {
            throw new IllegalArgumentException("aggregation window " + windowNanos + " ns, " + maxGroups + " groups");
        }
        this.next = next;
        this.windowNanos = windowNanos;
        this.maxGroups = maxGroups;
        this.order = order;
        this.stats = stats;
    }

    @Override
    public void accept(List<FlowRecord> chunk) throws IOException {
        for (int i = 0, size = chunk.size(); i < size; i++) {
            FlowRecord f = chunk.get(i);
            long w = Math.floorDiv(f.timestampNanos(), windowNanos);
            if (w != window) {
                emit();
                window = w;
            }
            FiveTuple key = new FiveTuple(f.srcIpBits(), f.dstIpBits(), f.srcPort(), f.dstPort(), f.protocol());
            Sum s = groups.get(key);
            if (s == null) {
                if (groups.size() >= maxGroups) {
                    stats.aggregationSplit();
                    if (stats.aggregationSplits() == 1) {
                        LOG.warn("aggregation window at {} ns holds more than {} 5-tuples; it is written in parts "
                                + "(--max-chunk-flows bounds it)", w * windowNanos, maxGroups);
                    }
                    emit();
                }
                s = new Sum(f);
                groups.put(key, s);
            }
            s.packets += f.packetCount();
            s.bytes += f.byteCount();
            s.end = Math.max(s.end, f.endNanos());
            flowsIn++;
        }
    }

    private void emit() throws IOException {
        if (groups.isEmpty()) {
            return;
        }
        List<FlowRecord> out = new ArrayList<>(groups.size());
        for (Sum s : groups.values()) {
            out.add(s.first.with(s.end, s.packets, s.bytes));
        }
        groups.clear();
        out.sort(order);
        stats.aggregatedAway(flowsIn - out.size());
        flowsIn = 0;
        next.accept(out);
    }

    @Override
    public void flush() throws IOException {
        next.flush(); // an open window is not complete yet: it stays
    }

    @Override
    public void finish() throws IOException {
        emit();
        next.finish();
    }
}
