package org.nsr.record.codec;

/**
 * A record that can hand over its flows without being encoded as a line and read back: what the
 * index feed uses for generator flows, so indexing costs no JSON round trip. The flows are the ones
 * the flow view would read from the record's line.
 */
public interface DirectFlows {
    /**
     * Fills {@code scratch} with each flow of the record and hands it to {@code visitor}.
     *
     * @return the flows handed over
     */
    int flows(Flow scratch, FlowVisitor visitor);
}
