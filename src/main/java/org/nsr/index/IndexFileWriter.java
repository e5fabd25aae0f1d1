package org.nsr.index;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.nsr.layout.FileSync;

/**
 * Writes one immutable index file (format: {@link IndexFile}) from entries handed in key order:
 * into {@code <name>.tmp}, fsynced, then renamed to its final name and the directory synced, so
 * a file is either complete and valid or absent. Not thread-safe; one writer per file.
 */
final class IndexFileWriter implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final IndexKind kind;
    private final int level;
    private final FileChannel channel;
    private final CountingOut out;
    private final Map<String, Integer> archiveIds = new HashMap<>();
    private final long[] sparse;
    private final byte[] minKey;
    private final byte[] maxKey;
    private long entries;
    private int sparseCount;
    private long minTime = Long.MAX_VALUE;
    private long maxTime = Long.MIN_VALUE;
    private boolean done;

    /**
     * @param archives every recording file the entries may name: the files this one covers
     * @param replaces the sequence numbers of the files this one merges (empty for level 0)
     * @param maxEntries an upper bound of the entries to come (sizes the sparse table)
     */
    IndexFileWriter(Path target, IndexKind kind, int level, List<String> archives, List<Long> replaces,
            long maxEntries) throws IOException {
        this.target = target;
        this.temp = target.resolveSibling(target.getFileName() + ".tmp");
        this.kind = kind;
        this.level = level;
        this.minKey = new byte[kind.width()];
        this.maxKey = new byte[kind.width()];
        this.sparse = new long[(int) ((maxEntries + IndexFile.SPARSE_EVERY - 1) / IndexFile.SPARSE_EVERY)];
        Files.createDirectories(target.getParent());
        this.channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        channel.position(IndexFile.HEADER_BYTES);
        this.out = new CountingOut(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16),
                IndexFile.HEADER_BYTES);
        Varints.write(out, archives.size());
        for (String a : archives) {
            byte[] b = a.getBytes(StandardCharsets.UTF_8);
            Varints.write(out, b.length);
            out.write(b);
            archiveIds.put(a, archiveIds.size());
        }
        Varints.write(out, replaces.size());
        for (long r : replaces) {
            Varints.write(out, r);
        }
    }

    /** Appends one entry; keys must come in ascending order, intervals sorted. */
    void add(byte[] key, List<Interval> intervals) throws IOException {
        if (intervals.isEmpty()) {
            return;
        }
        if (entries > 0 && java.util.Arrays.compareUnsigned(key, maxKey) <= 0) {
            throw new IllegalStateException(kind.configName() + ": keys out of order while writing " + target);
        }
        if (entries == 0) {
            System.arraycopy(key, 0, minKey, 0, key.length);
        }
        System.arraycopy(key, 0, maxKey, 0, key.length);
        if (entries % IndexFile.SPARSE_EVERY == 0) {
            sparse[sparseCount++] = out.position();
        }
        out.write(key);
        Varints.write(out, intervals.size());
        long prevStart = 0;
        for (Interval iv : intervals) {
            Integer id = archiveIds.get(iv.archive());
            if (id == null) {
                throw new IllegalStateException("entry names " + iv.archive() + ", which " + target + " does not cover");
            }
            Varints.write(out, id);
            Varints.write(out, Varints.zigzag(iv.startNanos() - prevStart));
            Varints.write(out, iv.endNanos() - iv.startNanos());
            prevStart = iv.startNanos();
            minTime = Math.min(minTime, iv.startNanos());
            maxTime = Math.max(maxTime, iv.endNanos());
        }
        entries++;
    }

    /** Finishes the file, makes it durable and gives it its final name. */
    IndexFile finish() throws IOException {
        long sparseOffset = out.position();
        byte[] eight = new byte[8];
        for (int i = 0; i < sparseCount; i++) {
            ByteBuffer.wrap(eight).putLong(sparse[i]);
            out.write(eight);
        }
        out.flush();
        long end = out.position();
        ByteBuffer header = IndexFile.header(kind, level, entries, minTime, maxTime, minKey, maxKey, sparseOffset,
                sparseCount, end, out.crc());
        channel.write(header, 0);
        channel.force(true);
        channel.close();
        FileSync.rename(temp, target);
        FileSync.syncDirectory(target.getParent());
        done = true;
        return IndexFile.open(target, false);
    }

    @Override
    public void close() throws IOException {
        if (!done) {
            channel.close();
            Files.deleteIfExists(temp);
        }
    }

    /** Counts bytes and sums their CRC32C as they pass. */
    private static final class CountingOut extends OutputStream {
        private final OutputStream inner;
        private final CRC32C crc = new CRC32C();
        private long position;

        CountingOut(OutputStream inner, long start) {
            this.inner = inner;
            this.position = start;
        }

        @Override
        public void write(int b) throws IOException {
            inner.write(b);
            crc.update(b);
            position++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            inner.write(b, off, len);
            crc.update(b, off, len);
            position += len;
        }

        @Override
        public void flush() throws IOException {
            inner.flush();
        }

        long position() {
            return position;
        }

        int crc() {
            return (int) crc.getValue();
        }
    }
}
