package org.nsr.index;

/**
 * The stored keys of a flow as packed longs, made from the flow's fields without key bytes: the
 * same values {@link TableBuilder#add} packs from {@link IndexKind#keys} (the stored key's bytes
 * big-endian from the top byte; for fingerprinted kinds the 32-bit {@link IndexKind#fingerprint}
 * in the top half). The flow path of {@code nsr index}; a test holds it equal to the byte path.
 * Stateless.
 */
final class FlowKeyWords {
    private FlowKeyWords() {
    }

    /** True when every stored key of {@code kind} fits one long, so {@link #words} serves it. */
    static boolean supports(IndexKind kind) {
        return kind.storedWidth() <= 8 && (kind.fingerprinted() ? kind.storedWidth() == 4 : true);
    }

    /**
     * Puts the stored keys of one flow in {@code out} (room for two) and returns how many there
     * are: one or two, as {@link IndexKind#keys} gives them.
     */
    static int words(IndexKind kind, int protocol, int srcIp, int srcPort, int dstIp, int dstPort, long[] out) {
        long proto = protocol < 0 || protocol > 254 ? 255 : protocol;
        int sp = srcPort < 0 || srcPort > 65535 ? 65535 : srcPort;
        int dp = dstPort < 0 || dstPort > 65535 ? 65535 : dstPort;
        switch (kind) {
            case CONNECTION4 -> {
                int c = Integer.compareUnsigned(srcIp, dstIp);
                boolean srcFirst = c < 0 || (c == 0 && sp <= dp);
                long ipA = (srcFirst ? srcIp : dstIp) & 0xFFFFFFFFL;
                long portA = srcFirst ? sp : dp;
                long ipB = (srcFirst ? dstIp : srcIp) & 0xFFFFFFFFL;
                long portB = srcFirst ? dp : sp;
                long a = proto << 56 | ipA << 24 | portA << 8 | ipB >>> 24;
                long b = (ipB & 0xFFFFFFL) << 40 | portB << 24;
                out[0] = fingerprintWord(a, b);
                return 1;
            }
            case CONNECTION3 -> {
                out[0] = fingerprintWord(c3a(proto, srcIp, dstIp), c3b(dstIp, dp));
                if (srcIp != dstIp || sp != dp) {
                    out[1] = fingerprintWord(c3a(proto, dstIp, srcIp), c3b(srcIp, sp));
                    return 2;
                }
                return 1;
            }
            case CONNECTION2 -> {
                long s = srcIp & 0xFFFFFFFFL;
                long d = dstIp & 0xFFFFFFFFL;
                // connection2 is fingerprinted too (format 4): its 8 key bytes are the lower IP, then the other
                out[0] = fingerprintWord(s <= d ? s << 32 | d : d << 32 | s, 0);
                return 1;
            }
            case IP -> {
                out[0] = (srcIp & 0xFFFFFFFFL) << 32;
                if (srcIp != dstIp) {
                    out[1] = (dstIp & 0xFFFFFFFFL) << 32;
                    return 2;
                }
                return 1;
            }
            default -> throw new IllegalArgumentException(kind.configName());
        }
    }

    /** Bytes 0..7 of a connection3 key: proto, host, the peer's first three bytes. */
    private static long c3a(long proto, int host, int peer) {
        return proto << 56 | (host & 0xFFFFFFFFL) << 24 | (peer & 0xFFFFFFFFL) >>> 8;
    }

    /** Bytes 8..10 of a connection3 key: the peer's last byte and its port; zero padded. */
    private static long c3b(int peer, int port) {
        return (peer & 0xFFL) << 56 | (long) port << 40;
    }

    /** {@link IndexKind#fingerprint} of the key whose bytes are {@code a} then {@code b}, in the top half. */
    private static long fingerprintWord(long a, long b) {
        return (long) IndexKind.fingerprint(a, b) << 32;
    }
}
