package org.nsr.source.ingest;

import org.nsr.aggregate.FlowKey;
import org.nsr.aggregate.HourlyFlows;
import org.nsr.record.LineBuffer;
import org.nsr.record.Record;
import org.nsr.record.codec.DirectFlows;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.FlowVisitor;
import org.nsr.record.codec.IngestLine;

/**
 * The records of one accepted POST, as one recorded line ({@link IngestLine}). Built by
 * {@link BatchParser}, immutable once {@link #seal sealed} and handed to the queue.
 */
final class IngestBatch implements Record, DirectFlows {
    private long acceptedMillis;
    private int size;
    private String[] src = new String[16];
    private String[] dst = new String[16];
    private String[] vpc = new String[16];
    private long[] tx = new long[16];
    private long[] rx = new long[16];
    private long[] hourStart = new long[16];
    private long heldBytes;

    IngestBatch(long acceptedMillis) {
        this.acceptedMillis = acceptedMillis;
    }

    void add(String s, String d, String v, long bytesTx, long bytesRx, long hour) {
        if (size == src.length) {
            int n = size * 2;
            src = java.util.Arrays.copyOf(src, n);
            dst = java.util.Arrays.copyOf(dst, n);
            vpc = java.util.Arrays.copyOf(vpc, n);
            tx = java.util.Arrays.copyOf(tx, n);
            rx = java.util.Arrays.copyOf(rx, n);
            hourStart = java.util.Arrays.copyOf(hourStart, n);
        }
        src[size] = s;
        dst[size] = d;
        vpc[size] = v;
        tx[size] = bytesTx;
        rx[size] = bytesRx;
        hourStart[size] = hour;
        size++;
        // names, counters and the per-entry overhead of the line and the arrays
        heldBytes += 2L * (s.length() + d.length() + v.length()) + 120;
    }

    /** Stamps the line with the moment it is handed to the queue, so lines reach the writer nearly in time order. */
    void stamp(long millis) {
        this.acceptedMillis = millis;
    }

    int size() {
        return size;
    }

    /** Adds every record to the aggregation; flows repeated in the batch are added once per record. */
    void addTo(HourlyFlows flows) {
        FlowKey last = null;
        for (int i = 0; i < size; i++) {
            // batches often repeat a flow: reuse the key object when the names are the same ones
            FlowKey k = last != null && last.srcApp().equals(src[i]) && last.destApp().equals(dst[i])
                    && last.vpcId().equals(vpc[i]) ? last : new FlowKey(src[i], dst[i], vpc[i]);
            flows.add(hourStart[i], k, tx[i], rx[i]);
            last = k;
        }
    }

    @Override
    public long timestampNanos() {
        return acceptedMillis * 1_000_000L;
    }

    @Override
    public void writeJson(LineBuffer out) {
        IngestLine.begin(out, acceptedMillis);
        for (int i = 0; i < size; i++) {
            IngestLine.appendEntry(out, i == 0, src[i], dst[i], vpc[i], tx[i], rx[i], hourStart[i]);
        }
        IngestLine.end(out);
    }

    /**
     * The flows of the line as {@link IngestLine#KIND} reads them back (hour start, bytes tx + rx, no
     * addresses), straight from the arrays: the index feed need not encode and parse the line again.
     */
    @Override
    public int flows(Flow scratch, FlowVisitor visitor) {
        for (int i = 0; i < size; i++) {
            visitor.flow(scratch.fill(IngestLine.KIND, hourStart[i] * 1_000_000L, 0, 0, Flow.UNKNOWN, Flow.UNKNOWN,
                    Flow.UNKNOWN, Flow.UNKNOWN, tx[i] + rx[i], Double.NaN, Double.NaN));
        }
        return size;
    }

    @Override
    public long heldBytes() {
        return heldBytes;
    }
}
