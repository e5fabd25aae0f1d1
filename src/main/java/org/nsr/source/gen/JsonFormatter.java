package org.nsr.source.gen;

import java.nio.charset.StandardCharsets;
import org.nsr.record.LineBuffer;

/**
 * A JSON array of flows. Compact form puts one object per line (still one valid array, and easy
 * to stream); {@code --pretty} indents as in the flowdump seed.
 */
final class JsonFormatter implements FlowFormatter {
    private static final byte[] OPEN = bytes("[\n");
    private static final byte[] SEPARATOR = bytes(",\n");
    private static final byte[] CLOSE = bytes("\n]\n");
    private static final byte[] EMPTY = bytes("[]\n");

    private final boolean pretty;
    private boolean any;

    JsonFormatter(boolean pretty) {
        this.pretty = pretty;
    }

    @Override
    public void begin(LineBuffer out) {
    }

    @Override
    public void flow(FlowRecord f, LineBuffer out) {
        out.append(any ? SEPARATOR : OPEN);
        any = true;
        if (!pretty) {
            f.writeJson(out);
            return;
        }
        out.appendAscii("  {\n    \"stream_id\": ").appendLong(f.streamId());
        out.appendAscii(",\n    \"timestamp\": ").appendLong(f.timestampNanos());
        out.appendAscii(",\n    \"src_ip\": \"").appendDottedIpv4(f.srcIp());
        out.appendAscii("\",\n    \"dst_ip\": \"").appendDottedIpv4(f.dstIp());
        out.appendAscii("\",\n    \"src_port\": ").appendLong(f.srcPort());
        out.appendAscii(",\n    \"dst_port\": ").appendLong(f.dstPort());
        out.appendAscii(",\n    \"protocol\": ").appendLong(f.protocol());
        out.appendAscii(",\n    \"packet_count\": ").appendLong(f.packetCount());
        out.appendAscii(",\n    \"byte_count\": ").appendLong(f.byteCount());
        out.appendAscii("\n  }");
    }

    @Override
    public void end(LineBuffer out) {
        out.append(any ? CLOSE : EMPTY);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
