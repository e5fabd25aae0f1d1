package org.nsr.source.gen;

/**
 * A run of flows from one stream, in timestamp order, handed from a generator thread to the
 * collector in one piece so the queue is touched once per batch rather than once per flow.
 *
 * @param last true on the stream's final batch (which may be empty)
 * @param failure set when the generator thread died; the collector rethrows it
 */
record FlowBatch(FlowRecord[] flows, boolean last, Throwable failure) {
    private static final FlowRecord[] NONE = new FlowRecord[0];

    static FlowBatch end() {
        return new FlowBatch(NONE, true, null);
    }

    static FlowBatch failed(Throwable t) {
        return new FlowBatch(NONE, true, t);
    }
}
