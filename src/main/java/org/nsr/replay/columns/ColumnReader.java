package org.nsr.replay.columns;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * Reads a column sidecar. {@link #open} reads the whole file and checks it (magic, the archive's
 * size, every block's CRC and length, the trailer's counts) before any flow is handed on, so a
 * damaged or stale sidecar is refused as a whole and the caller reads the archive instead. Then
 * {@link #forEach} decodes block by block into primitives: no allocation per flow. One instance per
 * thread.
 */
public final class ColumnReader {
    private static final LZ4SafeDecompressor LZ4 = LZ4Factory.fastestInstance().safeDecompressor();

    /** Receives one flow as primitives. */
    @FunctionalInterface
    public interface FlowSink {
        void flow(long timeNanos, int srcIp, int dstIp, int srcPort, int dstPort, int protocol, long packets,
                long bytes);
    }

    private final byte[] file;
    private final int length;
    private final long flows;
    private final byte[] raw;

    private ColumnReader(byte[] file, int length, long flows, byte[] raw) {
        this.file = file;
        this.length = length;
        this.flows = flows;
        this.raw = raw;
    }

    /**
     * Space one reader thread reuses from sidecar to sidecar, so a scan of many archives allocates
     * it once (a short query's heap, and so its RSS, stays small). Not thread-safe.
     */
    public static final class Buffers {
        byte[] file = new byte[0];
        final byte[] raw = new byte[ColumnFormat.BLOCK_FLOWS * ColumnFormat.BYTES_PER_FLOW];
    }

    /**
     * Reads and checks the sidecar.
     *
     * @param archiveSize the size of the archive it must belong to
     * @throws DamagedColumnsException when it is damaged, truncated or of another archive
     */
    public static ColumnReader open(Path sidecar, long archiveSize) throws IOException, DamagedColumnsException {
        return open(sidecar, archiveSize, new Buffers());
    }

    /** As {@link #open(Path, long)}, in {@code buffers}; the reader is valid until they are used again. */
    public static ColumnReader open(Path sidecar, long archiveSize, Buffers buffers)
            throws IOException, DamagedColumnsException {
        int size;
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(sidecar)) {
            long n = ch.size();
            if (n > Integer.MAX_VALUE - 16) {
                throw new DamagedColumnsException(sidecar + ": " + n + " bytes is too large for a column sidecar");
            }
            size = (int) n;
            if (buffers.file.length < size) {
                buffers.file = new byte[size];
            }
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(buffers.file, 0, size);
            while (bb.hasRemaining() && ch.read(bb) >= 0) {
                // fill
            }
            size = bb.position();
        }
        byte[] b = buffers.file;
        if (size < ColumnFormat.HEADER + ColumnFormat.TRAILER
                || !Arrays.equals(b, 0, 8, ColumnFormat.MAGIC, 0, 8)) {
            throw new DamagedColumnsException(sidecar + ": not a column sidecar (no header)");
        }
        long forSize = (long) ColumnFormat.LONG.get(b, 8);
        if (forSize != archiveSize) {
            throw new DamagedColumnsException(sidecar + ": built for an archive of " + forSize + " bytes, the archive has "
                    + archiveSize);
        }
        int t = size - ColumnFormat.TRAILER;
        CRC32C crc = new CRC32C();
        crc.update(b, t, 24);
        if (!Arrays.equals(b, t, t + 8, ColumnFormat.END, 0, 8) || (int) crc.getValue() != (int) ColumnFormat.INT.get(b, t + 24)) {
            throw new DamagedColumnsException(sidecar + ": the trailer is missing or damaged (truncated file?)");
        }
        long blocks = (long) ColumnFormat.LONG.get(b, t + 8);
        long flows = (long) ColumnFormat.LONG.get(b, t + 16);
        long seenBlocks = 0;
        long seenFlows = 0;
        int at = ColumnFormat.HEADER;
        while (at < t) {
            if (t - at < ColumnFormat.BLOCK_HEADER) {
                throw new DamagedColumnsException(sidecar + ": a block header is cut at byte " + at);
            }
            int n = (int) ColumnFormat.INT.get(b, at);
            int rawLength = (int) ColumnFormat.INT.get(b, at + 4);
            int length = (int) ColumnFormat.INT.get(b, at + 8);
            if (n <= 0 || n > ColumnFormat.BLOCK_FLOWS || rawLength != n * ColumnFormat.BYTES_PER_FLOW || length < 0
                    || length > t - at - ColumnFormat.BLOCK_HEADER) {
                throw new DamagedColumnsException(sidecar + ": block " + seenBlocks + " at byte " + at + " has bad lengths");
            }
            crc.reset();
            crc.update(b, at, 12);
            crc.update(b, at + ColumnFormat.BLOCK_HEADER, length);
            if ((int) crc.getValue() != (int) ColumnFormat.INT.get(b, at + 12)) {
                throw new DamagedColumnsException(sidecar + ": block " + seenBlocks + " at byte " + at + " fails its CRC");
            }
            seenBlocks++;
            seenFlows += n;
            at += ColumnFormat.BLOCK_HEADER + length;
        }
        if (seenBlocks != blocks || seenFlows != flows) {
            throw new DamagedColumnsException(sidecar + ": the trailer counts " + blocks + " blocks and " + flows
                    + " flows, the file holds " + seenBlocks + " and " + seenFlows);
        }
        return new ColumnReader(b, size, flows, buffers.raw);
    }

    /** Flows (one per record of the archive). */
    public long flows() {
        return flows;
    }

    /** Hands every flow on, in file order. */
    public void forEach(FlowSink sink) throws DamagedColumnsException {
        int t = length - ColumnFormat.TRAILER;
        int at = ColumnFormat.HEADER;
        while (at < t) {
            int n = (int) ColumnFormat.INT.get(file, at);
            int rawLength = (int) ColumnFormat.INT.get(file, at + 4);
            int length = (int) ColumnFormat.INT.get(file, at + 8);
            int got;
            try {
                got = LZ4.decompress(file, at + ColumnFormat.BLOCK_HEADER, length, raw, 0);
            } catch (LZ4Exception e) {
                throw new DamagedColumnsException("a block at byte " + at + " does not decompress: " + e.getMessage());
            }
            if (got != rawLength) {
                throw new DamagedColumnsException("a block at byte " + at + " decompresses to " + got + " bytes, not "
                        + rawLength);
            }
            decode(n, sink);
            at += ColumnFormat.BLOCK_HEADER + length;
        }
    }

    private void decode(int n, FlowSink sink) {
        byte[] r = raw;
        int src = ColumnFormat.src(n);
        int dst = ColumnFormat.dst(n);
        int sp = ColumnFormat.srcPort(n);
        int dp = ColumnFormat.dstPort(n);
        int pr = ColumnFormat.protocol(n);
        int pk = ColumnFormat.packets(n);
        int by = ColumnFormat.bytes(n);
        long time = 0;
        for (int i = 0; i < n; i++) {
            time += (long) ColumnFormat.LONG.get(r, 8 * i);
            int i4 = 4 * i;
            int i8 = 8 * i;
            sink.flow(time, (int) ColumnFormat.INT.get(r, src + i4), (int) ColumnFormat.INT.get(r, dst + i4),
                    (int) ColumnFormat.INT.get(r, sp + i4), (int) ColumnFormat.INT.get(r, dp + i4),
                    (int) ColumnFormat.INT.get(r, pr + i4), (long) ColumnFormat.LONG.get(r, pk + i8),
                    (long) ColumnFormat.LONG.get(r, by + i8));
        }
    }
}
