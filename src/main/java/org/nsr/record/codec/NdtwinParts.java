package org.nsr.record.codec;

/**
 * Finds the NDTwin parts of a recorded line without parsing it: the flow array (under
 * {@link LineKeys#FLOWINFO}, as the recorder writes it, or {@link LineKeys#FLOW_INFO}, as the
 * playback tools do) and the {@code nodes} and {@code edges} of a graph snapshot. Spans are
 * [start, end) offsets into the line's bytes.
 */
public final class NdtwinParts {
    private static final byte[] FLOWINFO = LineKeys.bytes(LineKeys.FLOWINFO);
    private static final byte[] FLOW_INFO = LineKeys.bytes(LineKeys.FLOW_INFO);
    private static final byte[] NODES = LineKeys.bytes(LineKeys.NODES);
    private static final byte[] EDGES = LineKeys.bytes(LineKeys.EDGES);

    private NdtwinParts() {
    }

    /** Start of the top-level flow array ('[' at the index), or {@link JsonScan#NOT_FOUND}. */
    public static int flowArrayStart(byte[] b, int off, int end) {
        int v = JsonScan.valueStart(b, off, end, FLOWINFO);
        if (v < 0) {
            v = JsonScan.valueStart(b, off, end, FLOW_INFO);
        }
        return v >= 0 && b[v] == '[' ? v : JsonScan.NOT_FOUND;
    }

    /** {start, end} of the top-level flow array, or null when the line carries none. */
    public static int[] flowArray(byte[] b, int off, int end) {
        int v = flowArrayStart(b, off, end);
        if (v < 0) {
            return null;
        }
        int e = JsonScan.valueEnd(b, v, end);
        return e > 0 ? new int[] {v, e} : null;
    }

    /** {nodesStart, nodesEnd, edgesStart, edgesEnd} of a graph snapshot, or null when the line is none. */
    public static int[] graph(byte[] b, int off, int end) {
        int nodes = JsonScan.valueStart(b, off, end, NODES);
        int edges = JsonScan.valueStart(b, off, end, EDGES);
        if (nodes < 0 || edges < 0) {
            return null;
        }
        int nodesEnd = JsonScan.valueEnd(b, nodes, end);
        int edgesEnd = JsonScan.valueEnd(b, edges, end);
        return nodesEnd > 0 && edgesEnd > 0 ? new int[] {nodes, nodesEnd, edges, edgesEnd} : null;
    }
}
