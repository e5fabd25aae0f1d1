package org.nsr.aggregate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The flows of one hour: a concurrent map from flow to its {@link PairCell}. Adding to an
 * existing flow takes no lock but the flow's own cell; a new flow is one {@code putIfAbsent}.
 *
 * <p>Reads keep the flows' sorted order between calls: flows never leave an hour, so a read
 * sorts only the flows added since the last one and merges them in. A GET of an hour of 100,000
 * flows then costs a walk over the cells, not a sort. Thread-safe.
 */
final class HourTable {
    private final long hourStartMillis;
    private final long hour;
    private final ConcurrentHashMap<FlowKey, PairCell> flows = new ConcurrentHashMap<>();
    /** The flows in {@link FlowKey#ORDER} as of the last read; replaced whole, under {@code this}. */
    private volatile Order order = new Order(new FlowKey[0], new PairCell[0]);

    private record Order(FlowKey[] keys, PairCell[] cells) {
    }

    HourTable(long hourStartMillis) {
        this.hourStartMillis = hourStartMillis;
        this.hour = Math.floorDiv(hourStartMillis, 3_600_000L);
    }

    long hourStartMillis() {
        return hourStartMillis;
    }

    /** The epoch hour (hours since 1970) this table sums. */
    long hour() {
        return hour;
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
        Order o = order;
        if (o.keys.length != flows.size()) {
            o = refreshOrder();
        }
        List<FlowTotals> out = new ArrayList<>(o.keys.length);
        long[] pair = new long[2];
        for (int i = 0; i < o.keys.length; i++) {
            o.cells[i].read(pair);
            out.add(new FlowTotals(o.keys[i], hourStartMillis, pair[0], pair[1]));
        }
        return out;
    }

    /** Merges the flows added since the last read into the sorted order. */
    private synchronized Order refreshOrder() {
        Order old = order;
        List<FlowKey> added = new ArrayList<>();
        flows.forEach((k, cell) -> {
            if (!cell.listed) {
                added.add(k);
            }
        });
        if (added.isEmpty()) {
            return old;
        }
        FlowKey[] fresh = added.toArray(new FlowKey[0]);
        Arrays.sort(fresh, FlowKey.ORDER);
        int n = old.keys.length + fresh.length;
        FlowKey[] keys = new FlowKey[n];
        PairCell[] cells = new PairCell[n];
        int i = 0;
        int j = 0;
        for (int k = 0; k < n; k++) {
            boolean fromOld = j == fresh.length
                    || (i < old.keys.length && FlowKey.ORDER.compare(old.keys[i], fresh[j]) < 0);
            if (fromOld) {
                keys[k] = old.keys[i];
                cells[k] = old.cells[i++];
            } else {
                keys[k] = fresh[j];
                PairCell c = flows.get(fresh[j++]);
                c.listed = true;
                cells[k] = c;
            }
        }
        Order next = new Order(keys, cells);
        order = next;
        return next;
    }
}
