package org.nsr.source.gen;

import java.util.Comparator;
import org.nsr.record.SortField;

/**
 * Total orders over flows for sorting a chunk: the sort field (bytes and packets descending), then
 * timestamp, then stream id and per-stream sequence. Because no two flows compare equal, a sorted
 * chunk is the same bytes whatever order its flows were collected in, which is what makes
 * {@code nsr generate --seed} repeatable under any thread scheduling.
 */
public final class FlowOrder {
    private FlowOrder() {
    }

    public static Comparator<FlowRecord> of(SortField field) {
        return switch (field) {
            case TIMESTAMP -> (a, b) -> tail(a, b);
            case STREAM_ID -> (a, b) -> {
                int c = Integer.compare(a.streamId(), b.streamId());
                return c != 0 ? c : tail(a, b);
            };
            case SRC_IP -> (a, b) -> {
                int c = Long.compare(a.srcIp(), b.srcIp());
                return c != 0 ? c : tail(a, b);
            };
            case DST_IP -> (a, b) -> {
                int c = Long.compare(a.dstIp(), b.dstIp());
                return c != 0 ? c : tail(a, b);
            };
            case BYTES -> (a, b) -> {
                int c = Long.compare(b.byteCount(), a.byteCount());
                return c != 0 ? c : tail(a, b);
            };
            case PACKETS -> (a, b) -> {
                int c = Long.compare(b.packetCount(), a.packetCount());
                return c != 0 ? c : tail(a, b);
            };
        };
    }

    private static int tail(FlowRecord a, FlowRecord b) {
        int c = Long.compare(a.timestampNanos(), b.timestampNanos());
        return c != 0 ? c : Long.compare(a.order(), b.order());
    }
}
