package org.nsr.source.gen;

/**
 * Synthetic timestamps for {@code nsr generate}: all streams share one sequence of flow slots
 * {@code interval} ns apart, dealt round-robin, so stream {@code s} of {@code n} owns slots
 * {@code s-1, s-1+n, ...}. Timestamps depend only on the slot, never on thread timing, and are
 * strictly increasing in each stream.
 */
record StreamTimeline(long startNanos, double intervalNanos, int streams, int streamId) {

    /** The timestamp of this stream's {@code k}-th flow. */
    long timestamp(long k) {
        long slot = k * streams + (streamId - 1);
        return startNanos + (long) (slot * intervalNanos);
    }
}
