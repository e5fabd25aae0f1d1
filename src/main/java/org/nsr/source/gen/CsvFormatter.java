package org.nsr.source.gen;

import org.nsr.record.LineBuffer;

/** CSV with the flowdump header; every field is a number or a dotted IP, so nothing needs quoting. */
final class CsvFormatter implements FlowFormatter {
    static final String HEADER = "stream_id,timestamp,src_ip,dst_ip,src_port,dst_port,protocol,packet_count,byte_count";

    private final boolean header;

    CsvFormatter(boolean header) {
        this.header = header;
    }

    @Override
    public void begin(LineBuffer out) {
        if (header) {
            out.appendAscii(HEADER).append((byte) '\n');
        }
    }

    @Override
    public void flow(FlowRecord f, LineBuffer out) {
        out.appendLong(f.streamId()).append((byte) ',');
        out.appendLong(f.timestampNanos()).append((byte) ',');
        out.appendDottedIpv4(f.srcIp()).append((byte) ',');
        out.appendDottedIpv4(f.dstIp()).append((byte) ',');
        out.appendLong(f.srcPort()).append((byte) ',');
        out.appendLong(f.dstPort()).append((byte) ',');
        out.appendLong(f.protocol()).append((byte) ',');
        out.appendLong(f.packetCount()).append((byte) ',');
        out.appendLong(f.byteCount()).append((byte) '\n');
    }

    @Override
    public void end(LineBuffer out) {
    }
}
