package org.nsr.replay.serve;

import java.io.ByteArrayOutputStream;
import org.nsr.record.codec.LineKeys;
import org.nsr.record.codec.NdtwinParts;
import org.nsr.replay.RecordView;

/**
 * The NDTwin state as of the replay clock: the flow array of the latest flow record and the
 * {@code {nodes, edges}} of the latest graph record replayed so far. A flow record is one with a
 * top-level {@code "flowinfo"} (or {@code "flow_info"}) array; a graph record one with both
 * {@code "nodes"} and {@code "edges"}. Other records leave the state alone.
 *
 * <p>Written by the replay thread, read by server threads: each body is an immutable byte array
 * published through a volatile field.
 */
public final class NdtwinState {

    private volatile Snapshot flows;
    private volatile Snapshot graph;

    /** One response body and the record time it comes from. */
    public record Snapshot(byte[] body, long timestampNanos) {
    }

    /** Takes the state a record carries, if any; returns true when it changed the state. */
    public boolean update(RecordView r) {
        byte[] b = r.array();
        int off = r.offset();
        int end = off + r.length();
        int[] flow = NdtwinParts.flowArray(b, off, end);
        if (flow != null) {
            flows = new Snapshot(java.util.Arrays.copyOfRange(b, flow[0], flow[1]), r.timestampNanos());
            return true;
        }
        int[] g = NdtwinParts.graph(b, off, end);
        if (g != null) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(g[1] - g[0] + g[3] - g[2] + 24);
            out.writeBytes(("{\"" + LineKeys.NODES + "\":").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(b, g[0], g[1] - g[0]);
            out.writeBytes((",\"" + LineKeys.EDGES + "\":").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(b, g[2], g[3] - g[2]);
            out.write('}');
            graph = new Snapshot(out.toByteArray(), r.timestampNanos());
            return true;
        }
        return false;
    }

    /** The latest flow array, or null before the first flow record. */
    public Snapshot flows() {
        return flows;
    }

    /** The latest graph object, or null before the first graph record. */
    public Snapshot graph() {
        return graph;
    }
}
