package org.nsr.aggregate;

/** One flow's sums in one hour, as a GET answers them. Immutable. */
public record FlowTotals(FlowKey flow, long hourStartMillis, long bytesTx, long bytesRx) {
}
