package org.nsr.record.codec;

import java.nio.charset.StandardCharsets;
import org.nsr.record.LineBuffer;

/**
 * The NDTwin flow poll line: {@code {"timestamp":<epoch ms>,"flowinfo":[...the flow array...]}}, the
 * body of {@code GET /ndt/get_detected_flow_data} wrapped under {@link LineKeys#FLOWINFO} (or, as
 * the playback tools write it, {@link LineKeys#FLOW_INFO}).
 *
 * <p>The flow view visits each entry of the array without building a tree: the 5-tuple (IPs are
 * NDTwin's little-endian uint32, converted with {@link Ipv4#fromNdtwin}), the estimated bit and
 * packet rates of the last second and the poll's time. An entry without both IPs is no flow; it is
 * reported to {@link FlowVisitor#notAFlow()}. Stateless.
 */
public final class NdtwinFlowPoll {
    /** A decoded line: its timestamp and the flow array's JSON text as recorded. */
    public record Line(long timestampMillis, String flowArray) {
    }

    public static final LineKind KIND = new LineKind() {
        @Override
        public String name() {
            return "ndtwin_flows";
        }

        @Override
        public boolean matches(byte[] b, int off, int end, Flow scratch) {
            return NdtwinParts.flowArrayStart(b, off, end) >= 0;
        }

        @Override
        public boolean holdsFlows() {
            return true;
        }

        @Override
        public int flows(byte[] b, int off, int end, long timestampNanos, Flow cursor, FlowVisitor visitor) {
            int start = NdtwinParts.flowArrayStart(b, off, end);
            return start < 0 ? NOT_THIS_KIND : entries(b, start, end, timestampNanos, cursor, visitor);
        }

        @Override
        public String toString() {
            return name();
        }
    };

    private static final byte[] PREFIX = LineKeys.bytes("{\"" + LineKeys.TIMESTAMP + "\":");
    private static final byte[] FLOWS = LineKeys.bytes(",\"" + LineKeys.FLOWINFO + "\":");
    private static final byte[] K_SRC_IP = LineKeys.bytes(NdtwinKeys.SRC_IP);
    private static final byte[] K_DST_IP = LineKeys.bytes(NdtwinKeys.DST_IP);
    private static final byte[] K_SRC_PORT = LineKeys.bytes(NdtwinKeys.SRC_PORT);
    private static final byte[] K_DST_PORT = LineKeys.bytes(NdtwinKeys.DST_PORT);
    private static final byte[] K_PROTOCOL = LineKeys.bytes(NdtwinKeys.PROTOCOL_ID);
    private static final byte[] K_RATE = LineKeys.bytes(NdtwinKeys.RATE_BPS);
    private static final byte[] K_PACKET_RATE = LineKeys.bytes(NdtwinKeys.PACKET_RATE);

    private NdtwinFlowPoll() {
    }

    /** Appends the line (without newline); {@code flowArray} is the body, compact JSON. */
    public static void write(LineBuffer out, long timestampMillis, byte[] flowArray, int off, int len) {
        out.append(PREFIX).appendLong(timestampMillis).append(FLOWS).append(flowArray, off, len).append((byte) '}');
    }

    public static void write(LineBuffer out, Line line) {
        byte[] flows = line.flowArray().getBytes(StandardCharsets.UTF_8);
        write(out, line.timestampMillis(), flows, 0, flows.length);
    }

    /** Null when the line is not a flow poll with a millisecond timestamp. */
    public static Line decode(byte[] b, int off, int len) {
        int end = off + len;
        int[] span = NdtwinParts.flowArray(b, off, end);
        long ts = JsonScan.timestampNanos(b, off, len);
        if (span == null || ts == JsonScan.NO_TIMESTAMP) {
            return null;
        }
        return new Line(Math.floorDiv(ts, 1_000_000L),
                new String(b, span[0], span[1] - span[0], StandardCharsets.UTF_8));
    }

    /**
     * Visits the entries of the flow array starting at {@code start} ('[').
     *
     * @return flows visited, or {@link LineKind#MALFORMED} when the array's structure is broken
     */
    static int entries(byte[] b, int start, int end, long timestampNanos, Flow f, FlowVisitor visitor) {
        int i = JsonScan.skipWs(b, start + 1, end);
        if (i < end && b[i] == ']') {
            return 0;
        }
        int flows = 0;
        while (true) {
            if (i >= end) {
                return LineKind.MALFORMED;
            }
            if (b[i] != '{') {
                i = JsonScan.valueEnd(b, i, end);
                if (i < 0) {
                    return LineKind.MALFORMED;
                }
                visitor.notAFlow();
            } else {
                f.reset(KIND, timestampNanos);
                i = entry(b, i, end, f);
                if (i < 0) {
                    return LineKind.MALFORMED;
                }
                if (f.srcPort != Integer.MIN_VALUE) {
                    flows++;
                    visitor.flow(f);
                } else {
                    f.srcPort = Flow.UNKNOWN;
                    visitor.notAFlow();
                }
            }
            i = JsonScan.skipWs(b, i, end);
            if (i < end && b[i] == ',') {
                i = JsonScan.skipWs(b, i + 1, end);
                continue;
            }
            return i < end && b[i] == ']' ? flows : LineKind.MALFORMED;
        }
    }

    /**
     * Reads one entry object at {@code i} into {@code f}; returns the index past it, or -1. An entry
     * without both IPs is marked by {@code srcPort == Integer.MIN_VALUE}.
     */
    private static int entry(byte[] b, int i, int end, Flow f) {
        int seen = 0;
        i = JsonScan.skipWs(b, i + 1, end);
        if (i < end && b[i] == '}') {
            f.srcPort = Integer.MIN_VALUE;
            return i + 1;
        }
        while (true) {
            if (i >= end || b[i] != '"') {
                return -1;
            }
            int keyStart = i + 1;
            int keyEnd = JsonScan.stringEnd(b, i, end);
            if (keyEnd < 0) {
                return -1;
            }
            i = JsonScan.skipWs(b, keyEnd + 1, end);
            if (i >= end || b[i] != ':') {
                return -1;
            }
            int v = JsonScan.skipWs(b, i + 1, end);
            int vEnd = JsonScan.valueEnd(b, v, end);
            if (vEnd < 0) {
                return -1;
            }
            byte c = b[v];
            if (c == '-' || (c >= '0' && c <= '9')) {
                if (JsonScan.equalsKey(b, keyStart, keyEnd, K_SRC_IP)) {
                    long ip = uint32(b, v, vEnd);
                    f.srcIp = Ipv4.fromNdtwin(ip);
                    seen |= ip < 0 ? 0 : 1;
                } else if (JsonScan.equalsKey(b, keyStart, keyEnd, K_DST_IP)) {
                    long ip = uint32(b, v, vEnd);
                    f.dstIp = Ipv4.fromNdtwin(ip);
                    seen |= ip < 0 ? 0 : 2;
                } else if (JsonScan.equalsKey(b, keyStart, keyEnd, K_SRC_PORT)) {
                    f.srcPort = smallInt(b, v, vEnd);
                } else if (JsonScan.equalsKey(b, keyStart, keyEnd, K_DST_PORT)) {
                    f.dstPort = smallInt(b, v, vEnd);
                } else if (JsonScan.equalsKey(b, keyStart, keyEnd, K_PROTOCOL)) {
                    f.protocol = smallInt(b, v, vEnd);
                } else if (JsonScan.equalsKey(b, keyStart, keyEnd, K_RATE)) {
                    f.bitsPerSecond = JsonScan.decimalValue(b, v, vEnd);
                } else if (JsonScan.equalsKey(b, keyStart, keyEnd, K_PACKET_RATE)) {
                    f.packetsPerSecond = JsonScan.decimalValue(b, v, vEnd);
                }
            }
            i = JsonScan.skipWs(b, vEnd, end);
            if (i < end && b[i] == ',') {
                i = JsonScan.skipWs(b, i + 1, end);
                continue;
            }
            if (i < end && b[i] == '}') {
                if (seen != 3) {
                    f.srcPort = Integer.MIN_VALUE;
                }
                return i + 1;
            }
            return -1;
        }
    }

    /** A uint32 address, or -1 when the value is not one. */
    private static long uint32(byte[] b, int from, int to) {
        long n = JsonScan.integerValue(b, from, to);
        return n >= 0 && n <= 0xFFFF_FFFFL ? n : -1;
    }

    /** A port or protocol number, {@link Flow#UNKNOWN} when the value is not a whole number in int range. */
    private static int smallInt(byte[] b, int from, int to) {
        long n = JsonScan.integerValue(b, from, to);
        return n >= 0 && n <= Integer.MAX_VALUE ? (int) n : Flow.UNKNOWN;
    }
}
