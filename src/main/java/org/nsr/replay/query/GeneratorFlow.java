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
            int vEnd = JsonScan.valueEnd(b, v, end);
            if (vEnd < 0) {
                return false;
            }
            int keyLen = keyEnd - keyStart;
            byte k0 = keyLen > 0 ? b[keyStart] : 0;
            if (k0 == 's' && keyLen == 6 && is(b, keyStart, "src_ip")) {
                src = (int) ip(b, v, vEnd);
                seen |= 1;
            } else if (k0 == 'd' && keyLen == 6 && is(b, keyStart, "dst_ip")) {
                dst = (int) ip(b, v, vEnd);
                seen |= 2;
            } else if (k0 == 'b' && keyLen == 10 && is(b, keyStart, "byte_count")) {
                bytes = number(b, v, vEnd);
                seen |= 4;
            } else if (k0 == 'p' && keyLen == 12 && is(b, keyStart, "packet_count")) {
                packets = number(b, v, vEnd);
                seen |= 8;
            } else if (k0 == 'p' && keyLen == 8 && is(b, keyStart, "protocol")) {
                protocol = (int) number(b, v, vEnd);
            } else if (k0 == 's' && keyLen == 8 && is(b, keyStart, "src_port")) {
                srcPort = (int) number(b, v, vEnd);
            } else if (k0 == 'd' && keyLen == 8 && is(b, keyStart, "dst_port")) {
                dstPort = (int) number(b, v, vEnd);
            }
            i = JsonScan.skipWs(b, vEnd, end);
            if (i < end && b[i] == ',') {
                i++;
                continue;
            }
            if (i < end && b[i] == '}') {
                return seen == 15 && src != -1 && dst != -1 && bytes >= 0 && packets >= 0;
            }
            return false;
        }
    }

    private static long ip(byte[] b, int v, int vEnd) {
        if (vEnd - v < 2 || b[v] != '"') {
            return -1L;
        }
        long ip = Ipv4.parseDotted(b, v + 1, vEnd - 1);
        return ip;
    }

    /** A non-negative integer, or -1 when the value is not one. */
    private static long number(byte[] b, int v, int vEnd) {
        if (v >= vEnd) {
            return -1;
        }
        long n = 0;
        for (int i = v; i < vEnd; i++) {
            byte c = b[i];
            if (c < '0' || c > '9' || i - v > 18) {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
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
