package org.nsr.replay.export;

import org.nsr.record.LineBuffer;
import org.nsr.replay.JsonScan;
import org.nsr.replay.RecordView;

/**
 * Rewrites one recorded line into the shape NDTwin's playback tools (the Visualizer and the Web-GUI)
 * read: flow lines {@code {"timestamp":<epoch ms>,"flow_info":[...]}} (the recorder writes the array
 * under {@code "flowinfo"}), graph lines {@code {"timestamp":<epoch ms>,"nodes":[...],"edges":[...]}}.
 * The arrays are copied byte for byte. Stateless.
 */
public final class PlaybackLine {
    private static final byte[] FLOWINFO = JsonScan.key("flowinfo");
    private static final byte[] FLOW_INFO = JsonScan.key("flow_info");
    private static final byte[] NODES = JsonScan.key("nodes");
    private static final byte[] EDGES = JsonScan.key("edges");

    /** What a record turned into. */
    public enum Kind { FLOW, GRAPH, NOT_PLAYBACK }

    private PlaybackLine() {
    }

    /** Appends the playback line for {@code r} (without newline) to {@code out} unless it is not playback data. */
    public static Kind convert(RecordView r, LineBuffer out) {
        byte[] b = r.array();
        int off = r.offset();
        int end = off + r.length();
        long ms = Math.floorDiv(r.timestampNanos(), 1_000_000L);
        int flow = JsonScan.valueStart(b, off, end, FLOWINFO);
        if (flow < 0) {
            flow = JsonScan.valueStart(b, off, end, FLOW_INFO);
        }
        if (flow >= 0 && b[flow] == '[') {
            int flowEnd = JsonScan.valueEnd(b, flow, end);
            if (flowEnd > 0) {
                out.appendAscii("{\"timestamp\":").appendLong(ms).appendAscii(",\"flow_info\":")
                        .append(b, flow, flowEnd - flow).append((byte) '}');
                return Kind.FLOW;
            }
        }
        int nodes = JsonScan.valueStart(b, off, end, NODES);
        int edges = JsonScan.valueStart(b, off, end, EDGES);
        if (nodes >= 0 && edges >= 0) {
            int nodesEnd = JsonScan.valueEnd(b, nodes, end);
            int edgesEnd = JsonScan.valueEnd(b, edges, end);
            if (nodesEnd > 0 && edgesEnd > 0) {
                out.appendAscii("{\"timestamp\":").appendLong(ms).appendAscii(",\"nodes\":")
                        .append(b, nodes, nodesEnd - nodes).appendAscii(",\"edges\":")
                        .append(b, edges, edgesEnd - edges).append((byte) '}');
                return Kind.GRAPH;
            }
        }
        return Kind.NOT_PLAYBACK;
    }
}
