package org.nsr.source.gen;

import java.nio.charset.StandardCharsets;
import org.nsr.record.LineBuffer;
import org.nsr.record.codec.LineKeys;

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
        out.appendAscii("  {\n    \"" + LineKeys.STREAM_ID + "\": ").appendLong(f.streamId());
        out.appendAscii(",\n    \"" + LineKeys.TIMESTAMP + "\": ").appendLong(f.timestampNanos());
        out.appendAscii(",\n    \"" + LineKeys.SRC_IP + "\": \"").appendDottedIpv4(f.srcIp());
        out.appendAscii("\",\n    \"" + LineKeys.DST_IP + "\": \"").appendDottedIpv4(f.dstIp());
        out.appendAscii("\",\n    \"" + LineKeys.SRC_PORT + "\": ").appendLong(f.srcPort());
        out.appendAscii(",\n    \"" + LineKeys.DST_PORT + "\": ").appendLong(f.dstPort());
        out.appendAscii(",\n    \"" + LineKeys.PROTOCOL + "\": ").appendLong(f.protocol());
        out.appendAscii(",\n    \"" + LineKeys.PACKET_COUNT + "\": ").appendLong(f.packetCount());
        out.appendAscii(",\n    \"" + LineKeys.BYTE_COUNT + "\": ").appendLong(f.byteCount());
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
