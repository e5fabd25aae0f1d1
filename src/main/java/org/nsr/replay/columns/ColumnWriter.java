package org.nsr.replay.columns;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;

/**
 * Writes one column sidecar ({@link ColumnFormat}): flows are gathered into a block of columns,
 * each full block is LZ4-compressed and checksummed, and {@link #publish} writes the trailer and
 * moves the file from its temporary name to {@code target} (so a reader sees all of it or none).
 * Allocates per block, not per flow. Not thread-safe; {@link #abandon} removes the temporary file.
 */
public final class ColumnWriter implements AutoCloseable {
    private static final LZ4Compressor LZ4 = LZ4Factory.fastestInstance().fastCompressor();

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final OutputStream out;
    private final byte[] raw = new byte[ColumnFormat.BLOCK_FLOWS * ColumnFormat.BYTES_PER_FLOW];
    private final byte[] packed = new byte[BLOCK_HEADER_SPACE + LZ4.maxCompressedLength(raw.length)];
    private static final int BLOCK_HEADER_SPACE = ColumnFormat.BLOCK_HEADER;
    private final long[] time = new long[ColumnFormat.BLOCK_FLOWS];
    private final int[] src = new int[ColumnFormat.BLOCK_FLOWS];
    private final int[] dst = new int[ColumnFormat.BLOCK_FLOWS];
    private final int[] srcPort = new int[ColumnFormat.BLOCK_FLOWS];
    private final int[] dstPort = new int[ColumnFormat.BLOCK_FLOWS];
    private final int[] protocol = new int[ColumnFormat.BLOCK_FLOWS];
    private final long[] packets = new long[ColumnFormat.BLOCK_FLOWS];
    private final long[] bytes = new long[ColumnFormat.BLOCK_FLOWS];
    private int n;
    private long blocks;
    private long flows;
    private boolean done;

    /** @param archiveSize the archive's size in bytes, so a reader can tell a sidecar of another archive */
    public ColumnWriter(Path target, long archiveSize) throws IOException {
        this(target.resolveSibling(target.getFileName() + ".tmp"), target, archiveSize);
    }

    /**
     * Writes to {@code temp}, published as {@code target}. The recorder's writer does not know its
     * archive's size yet: it writes 0 and {@link #bindToArchive} sets it once the archive exists.
     */
    public ColumnWriter(Path temp, Path target, long archiveSize) throws IOException {
        this.target = target;
        this.temp = temp;
        this.channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        this.out = Channels.newOutputStream(channel);
        byte[] header = new byte[ColumnFormat.HEADER];
        System.arraycopy(ColumnFormat.MAGIC, 0, header, 0, 8);
        ColumnFormat.LONG.set(header, 8, archiveSize);
        out.write(header);
    }

    public void add(long timeNanos, int srcIp, int dstIp, int sPort, int dPort, int proto, long packetCount,
            long byteCount) throws IOException {
        time[n] = timeNanos;
        src[n] = srcIp;
        dst[n] = dstIp;
        srcPort[n] = sPort;
        dstPort[n] = dPort;
        protocol[n] = proto;
        packets[n] = packetCount;
        bytes[n] = byteCount;
        if (++n == ColumnFormat.BLOCK_FLOWS) {
            flush();
        }
    }

    private void flush() throws IOException {
        if (n == 0) {
            return;
        }
        long prev = 0;
        for (int i = 0; i < n; i++) {
            ColumnFormat.LONG.set(raw, 8 * i, time[i] - prev);
            prev = time[i];
            ColumnFormat.INT.set(raw, ColumnFormat.src(n) + 4 * i, src[i]);
            ColumnFormat.INT.set(raw, ColumnFormat.dst(n) + 4 * i, dst[i]);
            ColumnFormat.INT.set(raw, ColumnFormat.srcPort(n) + 4 * i, srcPort[i]);
            ColumnFormat.INT.set(raw, ColumnFormat.dstPort(n) + 4 * i, dstPort[i]);
            ColumnFormat.INT.set(raw, ColumnFormat.protocol(n) + 4 * i, protocol[i]);
            ColumnFormat.LONG.set(raw, ColumnFormat.packets(n) + 8 * i, packets[i]);
            ColumnFormat.LONG.set(raw, ColumnFormat.bytes(n) + 8 * i, bytes[i]);
        }
        int rawLength = n * ColumnFormat.BYTES_PER_FLOW;
        int length = LZ4.compress(raw, 0, rawLength, packed, ColumnFormat.BLOCK_HEADER);
        ColumnFormat.INT.set(packed, 0, n);
        ColumnFormat.INT.set(packed, 4, rawLength);
        ColumnFormat.INT.set(packed, 8, length);
        CRC32C crc = new CRC32C();
        crc.update(packed, 0, 12);
        crc.update(packed, ColumnFormat.BLOCK_HEADER, length);
        ColumnFormat.INT.set(packed, 12, (int) crc.getValue());
        out.write(packed, 0, ColumnFormat.BLOCK_HEADER + length);
        blocks++;
        flows += n;
        n = 0;
    }

    /** Flows added so far. */
    public long flows() {
        return flows + n;
    }

    /** Writes the last block and the trailer, syncs, and moves the file to its name. */
    public void publish() throws IOException {
        publish(true);
    }

    /** As {@link #publish()}; without {@code sync} the data is left to the OS (it is synced when bound). */
    public void publish(boolean sync) throws IOException {
        flush();
        byte[] trailer = new byte[ColumnFormat.TRAILER];
        System.arraycopy(ColumnFormat.END, 0, trailer, 0, 8);
        ColumnFormat.LONG.set(trailer, 8, blocks);
        ColumnFormat.LONG.set(trailer, 16, flows);
        CRC32C crc = new CRC32C();
        crc.update(trailer, 0, 24);
        ColumnFormat.INT.set(trailer, 24, (int) crc.getValue());
        out.write(trailer);
        if (sync) {
            channel.force(true);
        }
        out.close();
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        done = true;
    }

    /**
     * Binds a sidecar the recorder's writer wrote to the archive made of its file: sets the archive's
     * size in the header, syncs, and renames {@code pending} to {@code target} (readers see all or none).
     */
    public static void bindToArchive(Path pending, Path target, long archiveSize) throws IOException {
        byte[] size = new byte[8];
        ColumnFormat.LONG.set(size, 0, archiveSize);
        try (FileChannel ch = FileChannel.open(pending, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            java.nio.ByteBuffer magic = java.nio.ByteBuffer.allocate(8);
            while (magic.hasRemaining() && ch.read(magic, magic.position()) >= 0) {
                // read the 8 magic bytes
            }
            if (!java.util.Arrays.equals(magic.array(), ColumnFormat.MAGIC)) {
                throw new IOException(pending + ": not a column sidecar (no header)");
            }
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(size);
            while (b.hasRemaining()) {
                ch.write(b, 8 + b.position());
            }
            ch.force(true);
        }
        Files.move(pending, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        org.nsr.layout.FileSync.syncDirectory(target.toAbsolutePath().getParent());
    }

    /** Gives up: the temporary file is removed and nothing is published. */
    public void abandon() {
        try {
            out.close();
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // nothing was published; a stray .tmp is removed by the next build
        }
        done = true;
    }

    @Override
    public void close() {
        if (!done) {
            abandon();
        }
    }
}
