package org.nsr.replay.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sums of ingest lines' records ({@code type: ingest} sources) per hour and named flow
 * {@code (src_app, dest_app, vpc_id)}: the numbers {@code GET /flows} answers, read from a
 * recording. Rows come in the GET's order (hour, then src_app, dest_app, vpc_id). Bounded by
 * {@code maxGroups}; records of further groups are counted as overflowed. Not thread-safe.
 */
public final class IngestFlowTable {
    /** One group; {@code hourStartMillis} is {@link GroupKey#ALL} and names empty when not grouped by them. */
    public record Key(long hourStartMillis, String srcApp, String destApp, String vpcId) {
    }

    public static final Comparator<Key> ORDER = Comparator.comparingLong(Key::hourStartMillis)
            .thenComparing(Key::srcApp).thenComparing(Key::destApp).thenComparing(Key::vpcId);

    private final Grouping grouping;
    private final int maxGroups;
    private final Map<Key, long[]> sums = new HashMap<>();
    private long records;
    private long overflowed;

    IngestFlowTable(Grouping grouping, int maxGroups) {
        this.grouping = grouping;
        this.maxGroups = maxGroups;
    }

    void add(String src, String dst, String vpc, long tx, long rx, long hourStartMillis) {
        records++;
        boolean flow = grouping.byFlow();
        Key k = new Key(grouping.byHour() ? hourStartMillis : GroupKey.ALL, flow ? src : "", flow ? dst : "",
                flow ? vpc : "");
        long[] pair = sums.get(k);
        if (pair == null) {
            if (sums.size() >= maxGroups) {
                overflowed++;
                return;
            }
            pair = new long[2];
            sums.put(k, pair);
        }
        pair[0] += tx;
        pair[1] += rx;
    }

    /** Rows in GET order: key, then {bytes_tx, bytes_rx}. */
    public List<Map.Entry<Key, long[]>> rows() {
        List<Map.Entry<Key, long[]>> out = new ArrayList<>(sums.entrySet());
        out.sort(Map.Entry.comparingByKey(ORDER));
        return out;
    }

    public long records() {
        return records;
    }

    public long overflowed() {
        return overflowed;
    }

    public boolean isEmpty() {
        return sums.isEmpty();
    }
}
