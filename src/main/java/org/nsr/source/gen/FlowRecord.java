package org.nsr.source.gen;

import org.nsr.record.LineBuffer;
import org.nsr.record.Record;
import org.nsr.record.SortField;
import org.nsr.record.codec.GeneratorFlowLine;

/**
 * One generated network flow: the 5-tuple, when it was seen and how big it was. Immutable, so it
 * can be handed between generator, collector and writer threads freely.
 *
 * <p>{@link #order()} is {@code stream_id << 40 | per-stream sequence}: unique per flow and known
 * before any thread runs, it is the last tie-breaker that makes a sorted chunk the same whatever
 * order its flows arrived in. It is not part of the output.
 */
public final class FlowRecord implements Record {
    static final int SEQUENCE_BITS = 40;

    private final int streamId;
    private final long timestampNanos;
    private final int srcIp;
    private final int dstIp;
    private final int srcPort;
    private final int dstPort;
    private final int protocol;
    private final int packetCount;
    private final long byteCount;
    private final long order;

    public FlowRecord(int streamId, long sequence, long timestampNanos, int srcIp, int dstIp, int srcPort,
            int dstPort, int protocol, int packetCount, long byteCount) {
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

    public int packetCount() {
        return packetCount;
    }

    public long byteCount() {
        return byteCount;
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
