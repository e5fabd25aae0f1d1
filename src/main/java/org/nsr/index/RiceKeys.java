package org.nsr.index;

import java.util.Arrays;

/**
 * Golomb-Rice coding of a block's sorted 4-byte keys (fingerprints, IPs): they are close to
 * uniform, so the gaps between them are close to geometric, and Rice codes them in about
 * log2(mean gap) + 1.5 bits, where bytes (even deflated) cost about 8 bits for every random low byte.
 * Layout: the first key (4 bytes, big-endian), the parameter k (1 byte), the bit length of the
 * rest (varint, {@link Varints}), then for every following key its gap d to the key before
 * (d ≥ 1): d−1 >>> k in unary (that many 1 bits, then a 0), then the k low bits of d−1, most
 * significant bit first, in bytes filled from their high bit. Stateless.
 */
final class RiceKeys {
    private RiceKeys() {
    }

    /** The parameter for gaps of this mean: about log2 of it. */
    static int parameter(long firstKey, long lastKey, int n) {
        if (n < 2) {
            return 0;
        }
        long mean = (lastKey - firstKey) / (n - 1);
        long m = Math.max(1, (long) (mean * 0.69));
        return Math.min(31, 63 - Long.numberOfLeadingZeros(m));
    }

    /** Bits needed for the gaps of {@code v} (ascending, n keys) with parameter {@code k}. */
    static long bits(long[] v, int n, int k) {
        long bits = 0;
        for (int i = 1; i < n; i++) {
            bits += ((v[i] - v[i - 1] - 1) >>> k) + 1 + k;
        }
        return bits;
    }

    /** Writes the gaps at {@code out[at..]}, which must hold (bits + 7) / 8 bytes; returns the end. */
    static int write(long[] v, int n, int k, byte[] out, int at) {
        long acc = 0;
        int filled = 0;
        for (int i = 1; i < n; i++) {
            long x = v[i] - v[i - 1] - 1;
            long q = x >>> k;
            for (long j = 0; j < q; j++) {
                acc = (acc << 1) | 1;
                if (++filled == 8) {
                    out[at++] = (byte) acc;
                    acc = 0;
                    filled = 0;
                }
            }
            acc <<= 1; // the unary's end
            if (++filled == 8) {
                out[at++] = (byte) acc;
                acc = 0;
                filled = 0;
            }
            for (int b = k - 1; b >= 0; b--) {
                acc = (acc << 1) | ((x >>> b) & 1);
                if (++filled == 8) {
                    out[at++] = (byte) acc;
                    acc = 0;
                    filled = 0;
                }
            }
        }
        if (filled > 0) {
            out[at++] = (byte) (acc << (8 - filled));
        }
        return at;
    }

    /**
     * Reads n − 1 gaps from {@code in[at..at+bytes)} after {@code first} into {@code v}.
     *
     * @throws IllegalArgumentException when the bits run out or a key passes 32 bits
     */
    static void read(byte[] in, int at, int bytes, int k, long first, long[] v, int n) {
        v[0] = first;
        long bit = (long) at * 8;
        long end = (long) (at + bytes) * 8;
        for (int i = 1; i < n; i++) {
            long q = 0;
            while (true) {
                if (bit >= end) {
                    throw new IllegalArgumentException("key gaps end early at key " + i);
                }
                int b = (in[(int) (bit >>> 3)] >>> (7 - (int) (bit & 7))) & 1;
                bit++;
                if (b == 0) {
                    break;
                }
                q++;
            }
            long x = q;
            for (int j = 0; j < k; j++) {
                if (bit >= end) {
                    throw new IllegalArgumentException("key gaps end early at key " + i);
                }
                x = (x << 1) | ((in[(int) (bit >>> 3)] >>> (7 - (int) (bit & 7))) & 1);
                bit++;
            }
            v[i] = v[i - 1] + x + 1;
            if (v[i] > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("key " + i + " passes 32 bits");
            }
        }
    }

    static long[] grow(long[] a, int n) {
        return a.length >= n ? a : Arrays.copyOf(a, Math.max(n, a.length * 2));
    }
}
