package org.nsr.record.codec;

/** Receives the flows of a line from {@link FlowView}; the flow is a reused cursor, valid during the call. */
@FunctionalInterface
public interface FlowVisitor {
    void flow(Flow flow);

    /** An entry of a flow array that is no flow (no IPv4 ends): called instead of {@link #flow}, to count it. */
    default void notAFlow() {
    }
}
