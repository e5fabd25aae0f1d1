package org.nsr.index;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/** Unsigned LEB128 varints (7 bits a byte, low first) and zigzag for signed deltas. */
final class Varints {
    private Varints() {
    }

    static void write(OutputStream out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** Reads a varint at the buffer's position, advancing it. */
    static long read(ByteBuffer b) {
        long v = 0;
        int shift = 0;
        while (true) {
            byte x = b.get();
            v |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                return v;
            }
            shift += 7;
            if (shift > 63) {
                throw new IllegalArgumentException("varint longer than 10 bytes at " + (b.position() - 1));
            }
        }
    }

    static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }
}
