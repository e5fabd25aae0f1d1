package org.nsr.source.gen;

import org.nsr.record.LineBuffer;

/**
 * flowdump's plain text table: left-aligned columns, the stream id in hex, the timestamp as
 * seconds.nanoseconds. A value wider than its column still gets one space after it.
 */
final class TextFormatter implements FlowFormatter {
    static final String HEADER = "STREAM    TIMESTAMP               SRC_IP           SRC_PORT  DST_IP           "
            + "DST_PORT  PROTO  PACKETS  BYTES";
    private static final int[] WIDTHS = {10, 24, 17, 10, 17, 10, 7, 9};
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final boolean header;

    TextFormatter(boolean header) {
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
        int start = out.size();
        out.append((byte) '0').append((byte) 'x');
        appendHex(f.streamId(), out);
        pad(out, start, WIDTHS[0]);
        start = out.size();
        long ts = f.timestampNanos();
        out.appendLong(Math.floorDiv(ts, 1_000_000_000L)).append((byte) '.');
        appendNineDigits(Math.floorMod(ts, 1_000_000_000L), out);
        pad(out, start, WIDTHS[1]);
        start = out.size();
        out.appendDottedIpv4(f.srcIp());
        pad(out, start, WIDTHS[2]);
        start = out.size();
        out.appendLong(f.srcPort());
        pad(out, start, WIDTHS[3]);
        start = out.size();
        out.appendDottedIpv4(f.dstIp());
        pad(out, start, WIDTHS[4]);
        start = out.size();
        out.appendLong(f.dstPort());
        pad(out, start, WIDTHS[5]);
        start = out.size();
        out.appendLong(f.protocol());
        pad(out, start, WIDTHS[6]);
        start = out.size();
        out.appendLong(f.packetCount());
        pad(out, start, WIDTHS[7]);
        out.appendLong(f.byteCount()).append((byte) '\n');
    }

    @Override
    public void end(LineBuffer out) {
    }

    private static void pad(LineBuffer out, int start, int width) {
        out.append((byte) ' ');
        while (out.size() - start < width) {
            out.append((byte) ' ');
        }
    }

    /** At least six hex digits, as in the seed's {@code 0x000001}. */
    private static void appendHex(int v, LineBuffer out) {
        int digits = Math.max(6, (32 - Integer.numberOfLeadingZeros(v) + 3) / 4);
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.append(HEX[(v >>> shift) & 0xF]);
        }
    }

    private static void appendNineDigits(long v, LineBuffer out) {
        for (long div = 100_000_000L; div > 0; div /= 10) {
            out.append((byte) ('0' + (v / div) % 10));
        }
    }
}
