package org.nsr.record.codec;

/**
 * The flow view: for any recorded line, the flows it holds, each as a {@link Flow} with its 5-tuple,
 * counters and time. It is what query, the index, the aggregation, the dashboard and CSV output
 * read, so it allocates nothing per line: one {@link Flow} cursor is refilled for every flow and
 * handed to a {@link FlowVisitor}.
 *
 * <pre>{@code
 * FlowView view = new FlowView();
 * view.visit(bytes, off, len, timestampNanos, flow -> table.add(flow.srcIp(), flow.dstIp(), flow.bytes()));
 * }</pre>
 *
 * <p>Not thread-safe (the cursor is shared between calls): one view per reading thread.
 */
public final class FlowView {
    /** {@link #visit} result: the line is of no kind that holds flows (a graph poll, an error line, other). */
    public static final int NO_FLOWS = LineKind.NOT_THIS_KIND;
    /** {@link #visit} result: the line is a flow line whose flows cannot be read. */
    public static final int MALFORMED = LineKind.MALFORMED;

    private final LineKinds kinds;
    /** The first flow kind, called apart: on a recording of one kind its call site sees one class and inlines. */
    private final LineKind first;
    private final LineKind[] rest;
    private final Flow cursor = new Flow();
    /** The later kind that matched the previous line: tried first, since a source's lines are mostly of one kind. */
    private LineKind recent;

    public FlowView() {
        this(LineKinds.standard());
    }

    public FlowView(LineKinds kinds) {
        this.kinds = kinds;
        LineKind[] flowKinds = kinds.flowKinds;
        this.first = flowKinds.length > 0 ? flowKinds[0] : LineKinds.OTHER;
        this.rest = java.util.Arrays.copyOfRange(flowKinds, Math.min(1, flowKinds.length), flowKinds.length);
    }

    /**
     * Hands every flow of the line {@code b[off..off+len)} to {@code visitor}.
     *
     * @param timestampNanos the line's time (from the reader), given to each flow
     * @return the number of flows visited, {@link #NO_FLOWS} or {@link #MALFORMED}
     */
    public int visit(byte[] b, int off, int len, long timestampNanos, FlowVisitor visitor) {
        int end = off + len;
        LineKind r = recent;
        int n;
        if (r != null) {
            // each kind that declines scans the line for its key: for a csv_row line that was several scans
            n = r.flows(b, off, end, timestampNanos, cursor, visitor);
            if (n != LineKind.NOT_THIS_KIND) {
                return n;
            }
        }
        n = first.flows(b, off, end, timestampNanos, cursor, visitor);
        if (n != LineKind.NOT_THIS_KIND) {
            return n;
        }
        for (LineKind k : rest) {
            if (k == r) {
                continue;
            }
            n = k.flows(b, off, end, timestampNanos, cursor, visitor);
            if (n != LineKind.NOT_THIS_KIND) {
                recent = k;
                return n;
            }
        }
        return NO_FLOWS;
    }

    /** The first registered kind that recognises the line, or {@link LineKinds#OTHER}. */
    public LineKind kindOf(byte[] b, int off, int len) {
        int end = off + len;
        for (LineKind k : kinds.all()) {
            if (k.matches(b, off, end, cursor)) {
                return k;
            }
        }
        return LineKinds.OTHER;
    }

    public LineKinds kinds() {
        return kinds;
    }
}
