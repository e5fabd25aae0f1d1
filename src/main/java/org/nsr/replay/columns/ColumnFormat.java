package org.nsr.replay.columns;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The layout of a column sidecar ({@code <stamp>_<source>.cols}), all little-endian:
 * <pre>
 * header  = MAGIC(8) archiveSize(8)              the archive it was built from, by size
 * block*  = flows(4) rawLength(4) lz4Length(4) crc32c(4) lz4 bytes
 *           raw = time[flows] (8, delta to the block's previous time, first to 0)
 *                 srcIp[flows] dstIp[flows] srcPort[flows] dstPort[flows] protocol[flows] (4 each)
 *                 packets[flows] bytes[flows] (8 each)
 * trailer = END(8) blocks(8) flows(8) crc32c(4)  crc over the trailer's first 24 bytes
 * </pre>
 * The block CRC covers the compressed bytes and the block header's first 12 bytes; with the exact
 * raw length checked by the decompressor, damage anywhere is found before a flow is used. A file
 * holds one flow per record of its archive, in file order, and exists only for archives whose
 * every record is a flow with counters (generator flow lines).
 */
final class ColumnFormat {
    static final byte[] MAGIC = "NSRCOL1\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] END = "NSRCEND\n".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER = 16;
    static final int BLOCK_HEADER = 16;
    static final int TRAILER = 28;
    /** Flows per block: big enough for LZ4 to find repeats, small enough to stay in cache. */
    static final int BLOCK_FLOWS = 32 * 1024;
    static final int BYTES_PER_FLOW = 8 + 4 * 5 + 8 + 8;

    static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private ColumnFormat() {
    }

    /** Offsets of each column in a raw block of {@code n} flows. */
    static int time(int n) {
        return 0;
    }

    static int src(int n) {
        return 8 * n;
    }

    static int dst(int n) {
        return 12 * n;
    }

    static int srcPort(int n) {
        return 16 * n;
    }

    static int dstPort(int n) {
        return 20 * n;
    }

    static int protocol(int n) {
        return 24 * n;
    }

    static int packets(int n) {
        return 28 * n;
    }

    static int bytes(int n) {
        return 36 * n;
    }
}
