package org.nsr.record.codec;

/**
 * One kind of recorded line (a generator flow, an NDTwin flow poll, a graph poll, an error line,
 * and later ingest and CSV rows). A kind knows how to recognise its lines and, when its lines hold
 * flows, how to show them through the flow view. Kinds join a {@link LineKinds} registry; readers
 * never test for keys themselves. Implementations are stateless and thread-safe.
 */
public interface LineKind {
    /** {@link #flows} result: the line is not of this kind. */
    int NOT_THIS_KIND = -1;
    /** {@link #flows} result: the line is of this kind but its flows cannot be read. */
    int MALFORMED = -2;

    /** The kind's name in reports and CSV ({@code generator_flow}, {@code ndtwin_flows}, ...). */
    String name();

    /**
     * True when the line {@code b[off..end)} is of this kind. May use {@code scratch} (its content is
     * then undefined), so that recognising a line allocates nothing.
     */
    boolean matches(byte[] b, int off, int end, Flow scratch);

    /** True when lines of this kind hold flows, so {@link #flows} is worth calling. */
    default boolean holdsFlows() {
        return false;
    }

    /**
     * Visits the flows of the line, refilling {@code cursor} for each one.
     *
     * @param timestampNanos the line's own time, given to every flow
     * @return the number of flows visited, {@link #NOT_THIS_KIND} or {@link #MALFORMED}
     */
    default int flows(byte[] b, int off, int end, long timestampNanos, Flow cursor, FlowVisitor visitor) {
        return NOT_THIS_KIND;
    }
}
