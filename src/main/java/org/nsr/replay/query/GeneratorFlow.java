package org.nsr.replay.query;

import org.nsr.replay.JsonScan;

/**
 * The fields of one generator flow line ({@code {"stream_id":1,"timestamp":...,"src_ip":"192.168.1.10",
 * "dst_ip":"10.0.0.1","src_port":54321,"dst_port":443,"protocol":6,"packet_count":15,"byte_count":12000}}),
 * read by one walk over the line's top-level keys without building a tree. Reusable and not
 * thread-safe: {@link #read} overwrites the fields.
 */
public final class GeneratorFlow {
    public int src;
    public int dst;
    public int srcPort;
    public int dstPort;
    public int protocol;
    public long packets;
    public long bytes;

    /**
     * Reads the line; returns false when it is not a generator flow (no dotted IPv4 src_ip/dst_ip,
     * or no byte_count/packet_count).
     */
    public boolean read(byte[] b, int off, int len) {
        int end = off + len;
        int i = JsonScan.skipWs(b, off, end);
        if (i >= end || b[i] != '{') {
            return false;
        }
        i++;
        int seen = 0;
        srcPort = -1;
        dstPort = -1;
        protocol = -1;
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
                if (keyLen == 6 && k0 == 's' && is(b, keyStart, "src_ip")) {
                    long ip = Ipv4.parseDotted(b, v + 1, close);
                    src = (int) ip;
                    seen |= ip < 0 ? 0 : 1;
                } else if (keyLen == 6 && k0 == 'd' && is(b, keyStart, "dst_ip")) {
                    long ip = Ipv4.parseDotted(b, v + 1, close);
                    dst = (int) ip;
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
                if (keyLen == 10 && k0 == 'b' && is(b, keyStart, "byte_count")) {
                    bytes = n;
                    seen |= 4;
                } else if (keyLen == 12 && k0 == 'p' && is(b, keyStart, "packet_count")) {
                    packets = n;
                    seen |= 8;
                } else if (keyLen == 8 && k0 == 'p' && is(b, keyStart, "protocol")) {
                    protocol = (int) n;
                } else if (keyLen == 8 && k0 == 's' && is(b, keyStart, "src_port")) {
                    srcPort = (int) n;
                } else if (keyLen == 8 && k0 == 'd' && is(b, keyStart, "dst_port")) {
                    dstPort = (int) n;
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
                return seen == 15 && bytes >= 0 && packets >= 0;
            }
            return false;
        }
    }

    private static boolean is(byte[] b, int from, String key) {
        for (int k = 0; k < key.length(); k++) {
            if (b[from + k] != key.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
