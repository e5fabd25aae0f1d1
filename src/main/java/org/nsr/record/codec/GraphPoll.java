package org.nsr.record.codec;

import java.nio.charset.StandardCharsets;
import org.nsr.record.LineBuffer;

/**
 * The NDTwin graph poll line: {@code {"timestamp":<epoch ms>,"nodes":[...],"edges":[...]}}, the body of
 * {@code GET /ndt/get_graph_data} merged into the line. It holds no flows for the flow view (the
 * edges' {@code flow_set} lists which flows use a link, without counters or rates). Stateless.
 */
public final class GraphPoll {
    /** A decoded line: its timestamp and the two arrays' JSON text as recorded. */
    public record Line(long timestampMillis, String nodes, String edges) {
    }

    public static final LineKind KIND = new LineKind() {
        @Override
        public String name() {
            return "ndtwin_graph";
        }

        @Override
        public boolean matches(byte[] b, int off, int end, Flow scratch) {
            return NdtwinParts.graph(b, off, end) != null;
        }

        @Override
        public String toString() {
            return name();
        }
    };

    private static final byte[] PREFIX = LineKeys.bytes("{\"" + LineKeys.TIMESTAMP + "\":");
    private static final byte[] NODES = LineKeys.bytes(",\"" + LineKeys.NODES + "\":");
    private static final byte[] EDGES = LineKeys.bytes(",\"" + LineKeys.EDGES + "\":");

    private GraphPoll() {
    }

    /** Appends the line (without newline). */
    public static void write(LineBuffer out, Line line) {
        out.append(PREFIX).appendLong(line.timestampMillis())
                .append(NODES).append(line.nodes().getBytes(StandardCharsets.UTF_8))
                .append(EDGES).append(line.edges().getBytes(StandardCharsets.UTF_8)).append((byte) '}');
    }

    /** Null when the line is not a graph poll with a timestamp. */
    public static Line decode(byte[] b, int off, int len) {
        int[] g = NdtwinParts.graph(b, off, off + len);
        long ts = JsonScan.timestampNanos(b, off, len);
        if (g == null || ts == JsonScan.NO_TIMESTAMP) {
            return null;
        }
        return new Line(Math.floorDiv(ts, 1_000_000L), new String(b, g[0], g[1] - g[0], StandardCharsets.UTF_8),
                new String(b, g[2], g[3] - g[2], StandardCharsets.UTF_8));
    }
}
