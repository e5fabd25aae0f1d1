package org.nsr.record.codec;

/** IPv4 addresses as ints (high byte first), parsed from dotted text or NDTwin's little-endian uint32. */
public final class Ipv4 {
    private Ipv4() {
    }

    /** Parses dotted-quad bytes; returns -1L when they are not an IPv4 address. */
    public static long parseDotted(byte[] b, int from, int to) {
        long ip = 0;
        int parts = 0;
        int i = from;
        while (i < to) {
            int v = 0;
            int digits = 0;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                v = v * 10 + (b[i] - '0');
                i++;
                if (++digits > 3) {
                    return -1L;
                }
            }
            if (digits == 0 || v > 255) {
                return -1L;
            }
            ip = (ip << 8) | v;
            parts++;
            if (i < to) {
                if (b[i] != '.' || parts == 4) {
                    return -1L;
                }
                i++;
                if (i == to) {
                    return -1L;
                }
            }
        }
        return parts == 4 ? ip : -1L;
    }

    public static long parseDotted(String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return parseDotted(b, 0, b.length);
    }

    /**
     * NDTwin gives IPv4 as the network-order bytes read as a little-endian uint32: 16885952 =
     * 0x0101A8C0 is 192.168.1.1 (low byte first). Returns the usual high-byte-first value.
     */
    public static int fromNdtwin(long littleEndian) {
        return Integer.reverseBytes((int) littleEndian);
    }

    public static String dotted(int ip) {
        return ((ip >>> 24) & 0xFF) + "." + ((ip >>> 16) & 0xFF) + "." + ((ip >>> 8) & 0xFF) + "." + (ip & 0xFF);
    }
}
