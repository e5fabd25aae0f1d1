package org.nsr.record.codec;

import org.nsr.record.LineBuffer;

/**
 * The generator flow line: {@code {"stream_id":1,"timestamp":<epoch ns>,"src_ip":"192.168.1.10",
 * "dst_ip":"10.0.0.1","src_port":54321,"dst_port":443,"protocol":6,"packet_count":15,"byte_count":12000}}.
 *
 * <p>{@link #write} is the generator's encoder (it runs for every generated flow, so it copies
 * pre-built key bytes). {@link #read} is the flow view's decoder: one walk over the top-level keys,
 * numbers parsed in the same pass that finds their end, no tree and no allocation. Stateless.
 */
public final class GeneratorFlowLine {
    /** Decoded fields of one line, for tests and tools; the hot path reads into a {@link Flow}. */
    public record Line(int streamId, long timestampNanos, int srcIp, int dstIp, int srcPort, int dstPort, int protocol,
            long packets, long bytes) {
    }

    public static final LineKind KIND = new LineKind() {
        @Override
        public String name() {
            return "generator_flow";
        }

        @Override
        public boolean matches(byte[] b, int off, int end, Flow scratch) {
            return read(b, off, end - off, scratch);
        }

        @Override
        public boolean holdsFlows() {
            return true;
        }

        @Override
        public int flows(byte[] b, int off, int end, long timestampNanos, Flow cursor, FlowVisitor visitor) {
            if (!read(b, off, end - off, cursor)) {
                return NOT_THIS_KIND;
            }
            cursor.timeNanos = timestampNanos;
            visitor.flow(cursor);
            return 1;
        }

        @Override
        public String toString() {
            return name();
        }
    };

    private static final byte[] STREAM_ID = prefix("{", LineKeys.STREAM_ID, "");
    private static final byte[] TIMESTAMP = prefix(",", LineKeys.TIMESTAMP, "");
    private static final byte[] SRC_IP = prefix(",", LineKeys.SRC_IP, "\"");
    private static final byte[] DST_IP = prefix("\",", LineKeys.DST_IP, "\"");
    private static final byte[] SRC_PORT = prefix("\",", LineKeys.SRC_PORT, "");
    private static final byte[] DST_PORT = prefix(",", LineKeys.DST_PORT, "");
    private static final byte[] PROTOCOL = prefix(",", LineKeys.PROTOCOL, "");
    private static final byte[] PACKET_COUNT = prefix(",", LineKeys.PACKET_COUNT, "");
    private static final byte[] BYTE_COUNT = prefix(",", LineKeys.BYTE_COUNT, "");

    private static final byte[] K_SRC_IP = LineKeys.bytes(LineKeys.SRC_IP);
    private static final byte[] K_DST_IP = LineKeys.bytes(LineKeys.DST_IP);
    private static final byte[] K_SRC_PORT = LineKeys.bytes(LineKeys.SRC_PORT);
    private static final byte[] K_DST_PORT = LineKeys.bytes(LineKeys.DST_PORT);
    private static final byte[] K_PROTOCOL = LineKeys.bytes(LineKeys.PROTOCOL);
    private static final byte[] K_PACKET_COUNT = LineKeys.bytes(LineKeys.PACKET_COUNT);
    private static final byte[] K_BYTE_COUNT = LineKeys.bytes(LineKeys.BYTE_COUNT);
    private static final byte[] K_STREAM_ID = LineKeys.bytes(LineKeys.STREAM_ID);

    private GeneratorFlowLine() {
    }

    /** Appends the line (without newline). IPs are high byte first. */
    public static void write(LineBuffer out, int streamId, long timestampNanos, int srcIp, int dstIp, int srcPort,
            int dstPort, int protocol, long packets, long bytes) {
        out.append(STREAM_ID).appendLong(streamId);
        out.append(TIMESTAMP).appendLong(timestampNanos);
        out.append(SRC_IP).appendDottedIpv4(srcIp & 0xFFFF_FFFFL);
        out.append(DST_IP).appendDottedIpv4(dstIp & 0xFFFF_FFFFL);
        out.append(SRC_PORT).appendLong(srcPort);
        out.append(DST_PORT).appendLong(dstPort);
        out.append(PROTOCOL).appendLong(protocol);
        out.append(PACKET_COUNT).appendLong(packets);
        out.append(BYTE_COUNT).appendLong(bytes).append((byte) '}');
    }

    public static void write(LineBuffer out, Line line) {
        write(out, line.streamId(), line.timestampNanos(), line.srcIp(), line.dstIp(), line.srcPort(), line.dstPort(),
                line.protocol(), line.packets(), line.bytes());
    }

    /** Decodes every field; null when the line is not a generator flow (or has no stream id and timestamp). */
    public static Line decode(byte[] b, int off, int len) {
        Flow f = new Flow();
        if (!read(b, off, len, f)) {
            return null;
        }
        int end = off + len;
        long ts = JsonScan.timestampNanos(b, off, len);
        int v = JsonScan.valueStart(b, off, end, K_STREAM_ID);
        long stream = v < 0 ? JsonScan.NOT_AN_INTEGER : JsonScan.integerValue(b, v, JsonScan.valueEnd(b, v, end));
        if (ts == JsonScan.NO_TIMESTAMP || stream == JsonScan.NOT_AN_INTEGER) {
            return null;
        }
        return new Line((int) stream, ts, f.srcIp, f.dstIp, f.srcPort, f.dstPort, f.protocol, f.packets, f.bytes);
    }

    /**
     * Reads the 5-tuple and counters of the line into {@code f} (time left to the caller); false when
     * it is not a generator flow: no dotted IPv4 src_ip/dst_ip, or no whole byte_count/packet_count.
     * Key order and whitespace do not matter; unknown keys are skipped.
     */
    public static boolean read(byte[] b, int off, int len, Flow f) {
        int end = off + len;
        int i = JsonScan.skipWs(b, off, end);
        if (i >= end || b[i] != '{') {
            return false;
        }
        i++;
        int seen = 0;
        f.reset(KIND, 0);
        while (true) {
            i = JsonScan.skipWs(b, i, end);
            if (i >= end || b[i] != '"') {
                return false;
            }
            int keyStart = i + 1;
            int keyEnd = JsonScan.stringEnd(b, i, end);
            if (keyEnd < 0) {
                return false;
            }
            i = JsonScan.skipWs(b, keyEnd + 1, end);
            if (i >= end || b[i] != ':') {
                return false;
            }
            int v = JsonScan.skipWs(b, i + 1, end);
            if (v >= end) {
                return false;
            }
            int keyLen = keyEnd - keyStart;
            byte k0 = keyLen > 0 ? b[keyStart] : 0;
            int vEnd;
            byte c = b[v];
            if (c == '"') {
                // strings: only the two addresses matter; parse them where they stand
                int close = JsonScan.stringEnd(b, v, end);
                if (close < 0) {
                    return false;
                }
                vEnd = close + 1;
                if (k0 == 's' && JsonScan.equalsKey(b, keyStart, keyEnd, K_SRC_IP)) {
                    long ip = Ipv4.parseDotted(b, v + 1, close);
                    f.srcIp = (int) ip;
                    seen |= ip < 0 ? 0 : 1;
                } else if (k0 == 'd' && JsonScan.equalsKey(b, keyStart, keyEnd, K_DST_IP)) {
                    long ip = Ipv4.parseDotted(b, v + 1, close);
                    f.dstIp = (int) ip;
                    seen |= ip < 0 ? 0 : 2;
                }
            } else if (c >= '0' && c <= '9') {
                // non-negative integers, parsed in the same pass that finds their end
                long n = 0;
                int j = v;
                while (j < end && b[j] >= '0' && b[j] <= '9' && j - v < 19) {
                    n = n * 10 + (b[j] - '0');
                    j++;
                }
                if (j < end && (b[j] == '.' || b[j] == 'e' || b[j] == 'E' || (b[j] >= '0' && b[j] <= '9'))) {
                    n = -1; // fractional or too long: not a count
                    j = JsonScan.valueEnd(b, v, end);
                    if (j < 0) {
                        return false;
                    }
                }
                vEnd = j;
                if (k0 == 'b' && JsonScan.equalsKey(b, keyStart, keyEnd, K_BYTE_COUNT)) {
                    f.bytes = n;
                    seen |= 4;
                } else if (k0 == 'p' && JsonScan.equalsKey(b, keyStart, keyEnd, K_PACKET_COUNT)) {
                    f.packets = n;
                    seen |= 8;
                } else if (k0 == 'p' && JsonScan.equalsKey(b, keyStart, keyEnd, K_PROTOCOL)) {
                    f.protocol = (int) n;
                } else if (k0 == 's' && JsonScan.equalsKey(b, keyStart, keyEnd, K_SRC_PORT)) {
                    f.srcPort = (int) n;
                } else if (k0 == 'd' && JsonScan.equalsKey(b, keyStart, keyEnd, K_DST_PORT)) {
                    f.dstPort = (int) n;
                }
            } else {
                vEnd = JsonScan.valueEnd(b, v, end);
                if (vEnd < 0) {
                    return false;
                }
            }
            i = JsonScan.skipWs(b, vEnd, end);
            if (i < end && b[i] == ',') {
                i++;
                continue;
            }
            if (i < end && b[i] == '}') {
                return seen == 15 && f.bytes >= 0 && f.packets >= 0;
            }
            return false;
        }
    }

    private static byte[] prefix(String before, String key, String after) {
        return LineKeys.bytes(before + "\"" + key + "\":" + after);
    }
}
