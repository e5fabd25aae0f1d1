package org.nsr.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The flows of one hour: a concurrent map from flow to its {@link PairCell}. Adding to an
 * existing flow takes no lock but the flow's own cell; a new flow is one {@code putIfAbsent}.
 * Thread-safe.
 */
final class HourTable {
    private final long hourStartMillis;
    private final ConcurrentHashMap<FlowKey, PairCell> flows = new ConcurrentHashMap<>();

    HourTable(long hourStartMillis) {
        this.hourStartMillis = hourStartMillis;
    }

    long hourStartMillis() {
        return hourStartMillis;
    }

    void add(FlowKey flow, long bytesTx, long bytesRx) {
        PairCell cell = flows.get(flow);
        if (cell == null) {
            cell = flows.computeIfAbsent(flow, f -> new PairCell());
        }
        cell.add(bytesTx, bytesRx);
    }

    int size() {
        return flows.size();
    }

    /** Every flow with its sums, in {@link FlowKey#ORDER}. */
    List<FlowTotals> sorted() {
        List<FlowTotals> out = new ArrayList<>(flows.size());
        long[] pair = new long[2];
        flows.forEach((flow, cell) -> {
            cell.read(pair);
            out.add(new FlowTotals(flow, hourStartMillis, pair[0], pair[1]));
        });
        out.sort((a, b) -> FlowKey.ORDER.compare(a.flow(), b.flow()));
        return out;
    }
}
