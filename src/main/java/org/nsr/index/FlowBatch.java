package org.nsr.index;

import org.nsr.record.codec.Flow;

/**
 * The flow fields the index needs, for up to {@link #CAPACITY} flows of one source, in primitive
 * arrays: what a feed hands to every {@link KindWorker}. Filled by one feed thread, then only read.
 */
final class FlowBatch {
    static final int CAPACITY = 4096;

    final String source;
    final int[] protocol = new int[CAPACITY];
    final int[] srcIp = new int[CAPACITY];
    final int[] srcPort = new int[CAPACITY];
    final int[] dstIp = new int[CAPACITY];
    final int[] dstPort = new int[CAPACITY];
    final long[] time = new long[CAPACITY];
    int n;

    FlowBatch(String source) {
        this.source = source;
    }

    boolean full() {
        return n == CAPACITY;
    }

    void add(Flow f) {
        protocol[n] = f.protocol();
        srcIp[n] = f.srcIp();
        srcPort[n] = f.srcPort();
        dstIp[n] = f.dstIp();
        dstPort[n] = f.dstPort();
        time[n] = f.timeNanos();
        n++;
    }
}
