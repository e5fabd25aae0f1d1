package org.nsr.export;

import java.io.Closeable;
import java.io.IOException;

/**
 * Encodes flows into a standard flow format (IPFIX, NetFlow v9, PCAP) and hands the bytes to its
 * output. Not thread-safe: one caller thread. {@link #close()} flushes what is pending and closes
 * the output.
 */
public interface FlowEncoder extends Closeable {

    /**
     * One flow. Counters must be known (not negative); times are epoch nanoseconds, {@code end >= start}.
     */
    void flow(int srcIp, int dstIp, int srcPort, int dstPort, int protocol, long packets, long bytes,
            long startNanos, long endNanos) throws IOException;

    /** Sends the records gathered so far, so a real-time caller can bound latency. */
    void flush() throws IOException;

    /** Flows encoded so far. */
    long flows();

    /** Messages (IPFIX/NetFlow) or packets (PCAP) written so far. */
    long messages();
}
