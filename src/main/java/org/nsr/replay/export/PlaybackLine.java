package org.nsr.replay.export;

import org.nsr.record.LineBuffer;
import org.nsr.record.codec.LineKeys;
import org.nsr.record.codec.NdtwinParts;
import org.nsr.replay.RecordView;

/**
 * Rewrites one recorded line into the shape NDTwin's playback tools (the Visualizer and the Web-GUI)
 * read: flow lines {@code {"timestamp":<epoch ms>,"flow_info":[...]}} (the recorder writes the array
 * under {@code "flowinfo"}), graph lines {@code {"timestamp":<epoch ms>,"nodes":[...],"edges":[...]}}.
 * The arrays are copied byte for byte. Stateless.
 */
public final class PlaybackLine {

    /** What a record turned into. */
    public enum Kind { FLOW, GRAPH, NOT_PLAYBACK }

    private static final byte[] TIMESTAMP_PREFIX = LineKeys.bytes("{\"" + LineKeys.TIMESTAMP + "\":");
    private static final byte[] FLOW_ARRAY = LineKeys.bytes(",\"" + LineKeys.FLOW_INFO + "\":");
    private static final byte[] NODES = LineKeys.bytes(",\"" + LineKeys.NODES + "\":");
    private static final byte[] EDGES = LineKeys.bytes(",\"" + LineKeys.EDGES + "\":");

    private PlaybackLine() {
    }

    /** Appends the playback line for {@code r} (without newline) to {@code out} unless it is not playback data. */
    public static Kind convert(RecordView r, LineBuffer out) {
        byte[] b = r.array();
        int off = r.offset();
        int end = off + r.length();
        long ms = Math.floorDiv(r.timestampNanos(), 1_000_000L);
        int[] flow = NdtwinParts.flowArray(b, off, end);
        if (flow != null) {
            out.append(TIMESTAMP_PREFIX).appendLong(ms).append(FLOW_ARRAY)
                    .append(b, flow[0], flow[1] - flow[0]).append((byte) '}');
            return Kind.FLOW;
        }
        int[] graph = NdtwinParts.graph(b, off, end);
        if (graph != null) {
            out.append(TIMESTAMP_PREFIX).appendLong(ms).append(NODES)
                    .append(b, graph[0], graph[1] - graph[0]).append(EDGES)
                    .append(b, graph[2], graph[3] - graph[2]).append((byte) '}');
            return Kind.GRAPH;
        }
        return Kind.NOT_PLAYBACK;
    }
}
