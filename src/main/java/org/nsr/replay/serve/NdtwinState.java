package org.nsr.replay.serve;

import java.io.ByteArrayOutputStream;
import org.nsr.replay.JsonScan;
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
    private static final byte[] FLOWINFO = JsonScan.key("flowinfo");
    private static final byte[] FLOW_INFO = JsonScan.key("flow_info");
    private static final byte[] NODES = JsonScan.key("nodes");
    private static final byte[] EDGES = JsonScan.key("edges");

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
        byte[] flowArray = span(b, off, end, FLOWINFO);
        if (flowArray == null) {
            flowArray = span(b, off, end, FLOW_INFO);
        }
        if (flowArray != null) {
            flows = new Snapshot(flowArray, r.timestampNanos());
            return true;
        }
        int nodes = JsonScan.valueStart(b, off, end, NODES);
        int edges = JsonScan.valueStart(b, off, end, EDGES);
        if (nodes >= 0 && edges >= 0) {
            int nodesEnd = JsonScan.valueEnd(b, nodes, end);
            int edgesEnd = JsonScan.valueEnd(b, edges, end);
            if (nodesEnd > 0 && edgesEnd > 0) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(nodesEnd - nodes + edgesEnd - edges + 24);
                out.writeBytes("{\"nodes\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.write(b, nodes, nodesEnd - nodes);
                out.writeBytes(",\"edges\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.write(b, edges, edgesEnd - edges);
                out.write('}');
                graph = new Snapshot(out.toByteArray(), r.timestampNanos());
                return true;
            }
        }
        return false;
    }

    private static byte[] span(byte[] b, int off, int end, byte[] key) {
        int v = JsonScan.valueStart(b, off, end, key);
        if (v < 0 || b[v] != '[') {
            return null;
        }
        int e = JsonScan.valueEnd(b, v, end);
        return e < 0 ? null : java.util.Arrays.copyOfRange(b, v, e);
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
