package org.nsr.replay.export;

import org.nsr.record.LineBuffer;
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
            out.appendAscii("{\"timestamp\":").appendLong(ms).appendAscii(",\"flow_info\":")
                    .append(b, flow[0], flow[1] - flow[0]).append((byte) '}');
            return Kind.FLOW;
        }
        int[] graph = NdtwinParts.graph(b, off, end);
        if (graph != null) {
            out.appendAscii("{\"timestamp\":").appendLong(ms).appendAscii(",\"nodes\":")
                    .append(b, graph[0], graph[1] - graph[0]).appendAscii(",\"edges\":")
                    .append(b, graph[2], graph[3] - graph[2]).append((byte) '}');
            return Kind.GRAPH;
        }
        return Kind.NOT_PLAYBACK;
    }
}
