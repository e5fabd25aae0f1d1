package org.nsr.filter;

/**
 * A compiled filter node. The fields are passed as primitives so the generator (its own flow
 * class), the codec's {@link org.nsr.record.codec.Flow} cursor and the exporters can all test
 * without allocating. Immutable and thread-safe.
 */
interface FlowPredicate {
    /**
     * @param packets {@link org.nsr.record.codec.Flow#UNKNOWN} when the line does not carry it
     */
    boolean test(int src, int dst, int srcPort, int dstPort, int protocol, long packets, long bytes);
}
