package org.nsr.index;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.nsr.layout.FileSync;

/**
 * Writes one immutable index file (format: {@link IndexFile}) from entries handed in key order,
 * block by block. To disk: into {@code <name>.tmp}, fsynced, then renamed to its final name and
 * the directory synced, so a file is either complete and valid or absent. To memory: the same
 * bytes in a heap buffer, which is what a memory table is. Not thread-safe; one writer per file.
 */
final class IndexFileWriter implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final IndexKind kind;
    private final int level;
    private final int width;
    private final FileChannel channel;
    private final ByteArrayOutputStream memory;
    private final CountingOut out;
    private final Map<String, Integer> archiveIds = new HashMap<>();
    private final BlockCodec codec;
    private final byte[] minKey;
    private final byte[] maxKey;
    // the block being filled
    private final byte[] keys;
    private final int[] ivFrom = new int[BlockCodec.ENTRIES_PER_BLOCK + 1];
    private int[] ivArchive = new int[BlockCodec.ENTRIES_PER_BLOCK * 2];
    private long[] ivStart = new long[BlockCodec.ENTRIES_PER_BLOCK * 2];
    private long[] ivLen = new long[BlockCodec.ENTRIES_PER_BLOCK * 2];
    private int inBlock;
    // the block table
    private final ByteArrayOutputStream table = new ByteArrayOutputStream();
    private int blocks;
    private long entries;
    private long intervals;
    private long minUnit = Long.MAX_VALUE;
    private long maxUnit = Long.MIN_VALUE;
    private boolean done;

    /**
     * A writer of a file on disk.
     *
     * @param archives every recording file the entries may name: the files this one covers
     * @param replaces the sequence numbers of the files this one merges (empty for level 0)
     */
    static IndexFileWriter toFile(Path target, IndexKind kind, int level, List<String> archives, List<Long> replaces)
            throws IOException {
        return new IndexFileWriter(target, kind, level, archives, replaces);
    }

    /** A writer of a memory table: {@link #finishInMemory()} gives the file's bytes on the heap. */
    static IndexFileWriter inMemory(IndexKind kind, List<String> archives) {
        try {
            return new IndexFileWriter(null, kind, 0, archives, List.of());
        } catch (IOException e) {
            throw new IllegalStateException("a heap buffer cannot fail", e);
        }
    }

    private IndexFileWriter(Path target, IndexKind kind, int level, List<String> archives, List<Long> replaces)
            throws IOException {
        this.target = target;
        this.temp = target == null ? null : target.resolveSibling(target.getFileName() + ".tmp");
        this.kind = kind;
        this.level = level;
        this.width = kind.storedWidth();
        this.codec = new BlockCodec(target == null ? 1 : BlockCodec.FILE_LEVEL);
        this.minKey = new byte[width];
        this.maxKey = new byte[width];
        this.keys = new byte[BlockCodec.ENTRIES_PER_BLOCK * width];
        OutputStream sink;
        if (target == null) {
            this.channel = null;
            this.memory = new ByteArrayOutputStream(1 << 12);
            memory.write(new byte[IndexFile.HEADER_BYTES]);
            sink = memory;
        } else {
            this.memory = null;
            Files.createDirectories(target.getParent());
            this.channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            channel.position(IndexFile.HEADER_BYTES);
            sink = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        }
        this.out = new CountingOut(sink, IndexFile.HEADER_BYTES);
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

    /**
     * Appends one entry; stored keys ({@link IndexKind#stored}) must come in ascending order. Its
     * intervals are stored in whole units.
     */
    void add(byte[] exactOrStored, List<Interval> list) throws IOException {
        byte[] key = kind.stored(exactOrStored);
        if (list.isEmpty()) {
            return;
        }
        int at = beginEntry(key, list.size());
        for (Interval iv : list) {
            long s = BlockCodec.unitOf(iv.startNanos());
            put(at++, archiveId(iv.archive()), s, BlockCodec.unitOf(iv.endNanos()) - s);
        }
        endEntry(at, list.size());
    }

    /**
     * The id of a recording file this file covers, for {@link #add(byte[], int, int[], long[], long[])}:
     * looked up once per file rather than once per interval.
     */
    int archiveId(String archive) {
        Integer id = archiveIds.get(archive);
        if (id == null) {
            throw new IllegalStateException("entry names " + archive + ", which "
                    + (target == null ? "the memory table" : target) + " does not cover");
        }
        return id;
    }

    /**
     * Appends one entry from primitive columns, no {@link Interval} objects: interval j of {@code n}
     * names {@code archive[j]} (an {@link #archiveId}) and spans units {@code start[j]} to
     * {@code start[j] + len[j]}. Writes the same bytes as {@link #add(byte[], List)} given the same
     * intervals. {@code stored} is the stored key ({@link IndexKind#storedWidth} bytes), ascending.
     */
    void add(byte[] stored, int n, int[] archive, long[] start, long[] len) throws IOException {
        if (stored.length != width) {
            throw new IllegalArgumentException(kind.configName() + ": a stored key has " + width + " bytes, not "
                    + stored.length);
        }
        if (n == 0) {
            return;
        }
        int at = beginEntry(stored, n);
        for (int j = 0; j < n; j++) {
            if (archive[j] < 0 || archive[j] >= archiveIds.size()) {
                throw new IllegalStateException("entry names archive id " + archive[j] + ", which "
                        + (target == null ? "the memory table" : target) + " does not cover");
            }
            put(at++, archive[j], start[j], len[j]);
        }
        endEntry(at, n);
    }

    /** Checks the key's order, records it and makes room for n intervals; returns the first's slot. */
    private int beginEntry(byte[] key, int n) {
        if (entries > 0 && Arrays.compareUnsigned(key, maxKey) <= 0) {
            throw new IllegalStateException(kind.configName() + ": keys out of order while writing "
                    + (target == null ? "a memory table" : target));
        }
        if (entries == 0) {
            System.arraycopy(key, 0, minKey, 0, width);
        }
        System.arraycopy(key, 0, maxKey, 0, width);
        System.arraycopy(key, 0, keys, inBlock * width, width);
        int at = ivFrom[inBlock];
        if (at + n > ivArchive.length) {
            int cap = Math.max(at + n, ivArchive.length * 2);
            ivArchive = Arrays.copyOf(ivArchive, cap);
            ivStart = Arrays.copyOf(ivStart, cap);
            ivLen = Arrays.copyOf(ivLen, cap);
        }
        return at;
    }

    private void put(int at, int archive, long startUnit, long lenUnits) {
        ivArchive[at] = archive;
        ivStart[at] = startUnit;
        ivLen[at] = lenUnits;
        minUnit = Math.min(minUnit, startUnit);
        maxUnit = Math.max(maxUnit, startUnit + lenUnits);
    }

    /** Closes the entry whose n intervals end before slot {@code at}; writes the block when full. */
    private void endEntry(int at, int n) throws IOException {
        sortIntervals(ivFrom[inBlock], at);
        ivFrom[++inBlock] = at;
        intervals += n;
        entries++;
        if (inBlock == BlockCodec.ENTRIES_PER_BLOCK) {
            writeBlock();
        }
    }

    /** Orders one entry's intervals by start, end, archive id: the same entries give the same bytes. */
    private void sortIntervals(int from, int to) {
        for (int i = from + 1; i < to; i++) {
            for (int j = i; j > from && greater(j - 1, j); j--) {
                swap(j - 1, j);
            }
        }
    }

    private boolean greater(int a, int b) {
        if (ivStart[a] != ivStart[b]) {
            return ivStart[a] > ivStart[b];
        }
        if (ivLen[a] != ivLen[b]) {
            return ivStart[a] + ivLen[a] > ivStart[b] + ivLen[b];
        }
        return ivArchive[a] > ivArchive[b];
    }

    private void swap(int a, int b) {
        long s = ivStart[a];
        ivStart[a] = ivStart[b];
        ivStart[b] = s;
        long l = ivLen[a];
        ivLen[a] = ivLen[b];
        ivLen[b] = l;
        int x = ivArchive[a];
        ivArchive[a] = ivArchive[b];
        ivArchive[b] = x;
    }

    private void writeBlock() throws IOException {
        if (inBlock == 0) {
            return;
        }
        int[] lens = new int[2];
        byte[] bytes = codec.encode(inBlock, keys, ivFrom, ivArchive, ivStart, ivLen, lens);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, lens[0]);
        ByteBuffer row = ByteBuffer.allocate(IndexFile.blockRowBytes(width));
        row.put(keys, 0, width).putLong(out.position()).putInt(lens[0]).putInt(lens[1]).putInt((int) crc.getValue());
        table.write(row.array());
        out.write(bytes, 0, lens[0]);
        blocks++;
        inBlock = 0;
    }

    private ByteBuffer finishBody() throws IOException {
        writeBlock();
        long tableOffset = out.position();
        out.write(table.toByteArray());
        out.flush();
        long minTime = entries == 0 ? Long.MAX_VALUE : BlockCodec.startOfUnit(minUnit);
        long maxTime = entries == 0 ? Long.MIN_VALUE : BlockCodec.endOfUnit(maxUnit);
        return IndexFile.header(kind, level, entries, intervals, minTime, maxTime, minKey, maxKey, tableOffset, blocks,
                out.position(), out.crc());
    }

    /** Finishes the file, makes it durable and gives it its final name. */
    IndexFile finish() throws IOException {
        ByteBuffer header = finishBody();
        channel.write(header, 0);
        channel.force(true);
        channel.close();
        FileSync.rename(temp, target);
        FileSync.syncDirectory(target.getParent());
        done = true;
        return IndexFile.open(target, false);
    }

    /** Finishes a memory table. */
    IndexFile finishInMemory() {
        try {
            ByteBuffer header = finishBody();
            byte[] all = memory.toByteArray();
            header.get(0, all, 0, IndexFile.HEADER_BYTES);
            done = true;
            return IndexFile.of(null, ByteBuffer.wrap(all));
        } catch (IOException e) {
            throw new IllegalStateException("a memory table cannot be read back: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        if (!done && channel != null) {
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
