package org.nsr.source.gen;

import org.nsr.record.LineBuffer;
import org.nsr.record.Record;
import org.nsr.record.SortField;
import org.nsr.record.codec.DirectFlows;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.FlowVisitor;
import org.nsr.record.codec.GeneratorFlowLine;

/**
 * One generated network flow: the 5-tuple, when it was seen and how big it was. Immutable, so it
 * can be handed between generator, collector and writer threads freely.
 *
 * <p>{@link #order()} is {@code stream_id << 40 | per-stream sequence}: unique per flow and known
 * before any thread runs, it is the last tie-breaker that makes a sorted chunk the same whatever
 * order its flows arrived in. It is not part of the output.
 */
public final class FlowRecord implements Record, DirectFlows {
    static final int SEQUENCE_BITS = 40;

    private final int streamId;
    private final long timestampNanos;
    private final int srcIp;
    private final int dstIp;
    private final int srcPort;
    private final int dstPort;
    private final int protocol;
    private final long packetCount;
    private final long byteCount;
    private final long order;
    private final long endNanos;

    public FlowRecord(int streamId, long sequence, long timestampNanos, int srcIp, int dstIp, int srcPort,
            int dstPort, int protocol, int packetCount, long byteCount) {
        this(streamId, sequence, timestampNanos, timestampNanos, srcIp, dstIp, srcPort, dstPort, protocol, packetCount,
                byteCount);
    }

    /**
     * A flow seen from {@code timestampNanos} to {@code endNanos}: what aggregation and scaled sampling
     * make. The line formats show the start only (the codec has no end key); IPFIX, NetFlow v9 and
     * PCAP carry both.
     */
    FlowRecord(int streamId, long sequence, long timestampNanos, long endNanos, int srcIp, int dstIp, int srcPort,
            int dstPort, int protocol, long packetCount, long byteCount) {
        this.endNanos = endNanos;
        this.streamId = streamId;
        this.timestampNanos = timestampNanos;
        this.srcIp = srcIp;
        this.dstIp = dstIp;
        this.srcPort = srcPort;
        this.dstPort = dstPort;
        this.protocol = protocol;
        this.packetCount = packetCount;
        this.byteCount = byteCount;
        this.order = ((long) streamId << SEQUENCE_BITS) | sequence;
    }

    public int streamId() {
        return streamId;
    }

    /** Position of this flow in its stream, from 0. */
    public long sequence() {
        return order & ((1L << SEQUENCE_BITS) - 1);
    }

    @Override
    public long timestampNanos() {
        return timestampNanos;
    }

    /** The source address, high byte first, as an unsigned value. */
    public long srcIp() {
        return srcIp & 0xFFFF_FFFFL;
    }

    public long dstIp() {
        return dstIp & 0xFFFF_FFFFL;
    }

    public int srcPort() {
        return srcPort;
    }

    public int dstPort() {
        return dstPort;
    }

    public int protocol() {
        return protocol;
    }

    /** When the flow's last packet was seen; the start for a generated flow, which has no duration. */
    public long endNanos() {
        return endNanos;
    }

    public long packetCount() {
        return packetCount;
    }

    public long byteCount() {
        return byteCount;
    }

    /** The source address as the int it is stored as (high byte first). */
    public int srcIpBits() {
        return srcIp;
    }

    public int dstIpBits() {
        return dstIp;
    }

    /** A copy with other counters and end: for aggregation and scaled sampling. */
    FlowRecord with(long endNanos, long packets, long bytes) {
        return new FlowRecord(streamId, sequence(), timestampNanos, endNanos, srcIp, dstIp, srcPort, dstPort, protocol,
                packets, bytes);
    }

    /** Unique total-order tie-breaker: stream id, then sequence within the stream. */
    public long order() {
        return order;
    }

    @Override
    public long sortKey(SortField field) {
        return switch (field) {
            case TIMESTAMP -> timestampNanos;
            case STREAM_ID -> streamId;
            case SRC_IP -> srcIp();
            case DST_IP -> dstIp();
            case BYTES -> byteCount;
            case PACKETS -> packetCount;
        };
    }

    /** The line format is the codec's ({@link GeneratorFlowLine}). */
    @Override
    public int flows(Flow scratch, FlowVisitor visitor) {
        visitor.flow(scratch.fill(GeneratorFlowLine.KIND, timestampNanos, srcIp, dstIp, srcPort, dstPort, protocol,
                packetCount, byteCount, Double.NaN, Double.NaN));
        return 1;
    }

    @Override
    public void writeJson(LineBuffer out) {
        GeneratorFlowLine.write(out, streamId, timestampNanos, srcIp, dstIp, srcPort, dstPort, protocol, packetCount,
                byteCount);
    }

    @Override
    public String toString() {
        LineBuffer b = new LineBuffer(160);
        writeJson(b);
        return b.toString();
    }
}
