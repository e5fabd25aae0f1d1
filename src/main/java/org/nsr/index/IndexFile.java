package org.nsr.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * One immutable index file, sorted by key, memory-mapped for lookups (or, for a memory table, the
 * same bytes on the heap). Format 4 (documented in the README, "Index file format"), integers
 * big-endian unless varint:
 *
 * <pre>
 * header, 128 bytes:
 *   0  magic "NSRIDX04"            8  kind ordinal (1) level (1) 0 (2)   12 key width (4, always 4)
 *   16 entries (8)                 24 min time ns (8)   32 max time ns (8)
 *   40 block table offset (8)      48 block count (4)   52 file length (8)
 *   60 min key (16, zero padded)   76 max key (16)      92 time unit ns (8)   100 intervals (8)
 *   108..119 zero                  120 CRC32C of bytes 128..end (4)   124 CRC32C of bytes 0..123 (4)
 * body:
 *   archives: varint n, then n × (varint length, UTF-8 name "&lt;stamp&gt;_&lt;source&gt;")
 *   replaces: varint n, then n × varint sequence number of a merged input file
 *   blocks of up to 4096 entries in ascending unsigned key order, each deflated ({@link BlockCodec})
 *   block table: per block its first key (width), offset (8), deflated length (4), raw length (4),
 *     CRC32C of the deflated bytes (4)
 * </pre>
 *
 * A lookup skips the file when its time or key range cannot match, else binary-searches the block
 * table, inflates one block and binary-searches it. Files of formats 1 to 3 ({@code NSRIDX01..03})
 * are refused as outdated: the recorder and {@code nsr index} delete them and index their files again.
 * Thread-safe: readers use absolute reads of a duplicate of the buffer and their own codec; the
 * mapping stays valid after the file is deleted by a merge.
 */
public final class IndexFile {
    static final int HEADER_BYTES = 128;
    private static final byte[] MAGIC = "NSRIDX04".getBytes(StandardCharsets.US_ASCII);
    /** Earlier formats, refused as outdated: the same first seven bytes and a version digit 1..3. */
    private static final byte[] MAGIC_OLD = "NSRIDX0".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern NAME = Pattern.compile("L(\\d)-(\\d{12})\\.idx");

    private final Path path;
    private final ByteBuffer map;
    private final IndexKind kind;
    private final int width;
    private final int level;
    private final long entries;
    private final long intervals;
    private final long minTime;
    private final long maxTime;
    private final byte[] minKey;
    private final byte[] maxKey;
    private final long tableOffset;
    private final int blocks;
    private final long length;
    private final int bodyCrc;
    private final List<String> archives = new ArrayList<>();
    private final List<Long> replaces = new ArrayList<>();
    private final byte[] firstKeys;
    private final long[] blockOffset;
    private final int[] blockLength;
    private final int[] blockRaw;
    private final int[] blockCrc;
    private final ThreadLocal<BlockCodec> codecs;

    static int blockRowBytes(int width) {
        return width + 20;
    }

    private IndexFile(Path path, ByteBuffer map) throws IndexFileException {
        this.path = path;
        this.map = map;
        ByteBuffer b = map.duplicate();
        String where = path == null ? "memory table" : path.toString();
        if (b.limit() < HEADER_BYTES) {
            throw new IndexFileException(where, "shorter than its header (" + b.limit() + " bytes)");
        }
        byte[] magic = new byte[8];
        b.get(0, magic);
        if (Arrays.equals(magic, 0, 7, MAGIC_OLD, 0, 7) && magic[7] >= '1' && magic[7] <= '3') {
            throw new IndexFileException(where, "is in the outdated index format " + (char) magic[7] + "; it is "
                    + "deleted and its recording files indexed again at the next start or by nsr index", true);
        }
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IndexFileException(where, "has no NSRIDX04 magic");
        }
        CRC32C hc = new CRC32C();
        hc.update(b.duplicate().position(0).limit(124));
        if ((int) hc.getValue() != b.getInt(124)) {
            throw new IndexFileException(where, "header checksum does not match");
        }
        int ordinal = b.get(8);
        if (ordinal < 0 || ordinal >= IndexKind.values().length) {
            throw new IndexFileException(where, "names index kind " + ordinal + ", which this version does not know");
        }
        this.kind = IndexKind.values()[ordinal];
        this.level = b.get(9);
        this.width = b.getInt(12);
        if (width != kind.storedWidth()) {
            throw new IndexFileException(where, "key width " + width + " is not " + kind.storedWidth() + " of "
                    + kind.configName());
        }
        if (b.getLong(92) != BlockCodec.UNIT_NANOS) {
            throw new IndexFileException(where, "time unit " + b.getLong(92) + " ns is not " + BlockCodec.UNIT_NANOS);
        }
        this.entries = b.getLong(16);
        this.minTime = b.getLong(24);
        this.maxTime = b.getLong(32);
        this.tableOffset = b.getLong(40);
        this.blocks = b.getInt(48);
        this.length = b.getLong(52);
        this.intervals = b.getLong(100);
        this.minKey = new byte[width];
        this.maxKey = new byte[width];
        b.get(60, minKey);
        b.get(76, maxKey);
        this.bodyCrc = b.getInt(120);
        if (length != b.limit() || blocks < 0 || tableOffset < HEADER_BYTES
                || tableOffset + (long) blockRowBytes(width) * blocks != length) {
            throw new IndexFileException(where, "is " + b.limit() + " bytes, its header says " + length
                    + " with " + blocks + " blocks in the table at " + tableOffset);
        }
        this.firstKeys = new byte[blocks * width];
        this.blockOffset = new long[blocks];
        this.blockLength = new int[blocks];
        this.blockRaw = new int[blocks];
        this.blockCrc = new int[blocks];
        try {
            b.position(HEADER_BYTES);
            long n = Varints.read(b);
            for (long i = 0; i < n; i++) {
                byte[] name = new byte[(int) Varints.read(b)];
                b.get(name);
                archives.add(new String(name, StandardCharsets.UTF_8));
            }
            long r = Varints.read(b);
            for (long i = 0; i < r; i++) {
                replaces.add(Varints.read(b));
            }
            b.position((int) tableOffset);
            for (int i = 0; i < blocks; i++) {
                b.get(firstKeys, i * width, width);
                blockOffset[i] = b.getLong();
                blockLength[i] = b.getInt();
                blockRaw[i] = b.getInt();
                blockCrc[i] = b.getInt();
                if (blockOffset[i] < HEADER_BYTES || blockOffset[i] + blockLength[i] > tableOffset) {
                    throw new IndexFileException(where, "block " + i + " lies outside the body");
                }
            }
        } catch (RuntimeException e) {
            throw new IndexFileException(where, "archive or block table cannot be read: " + e);
        }
        this.codecs = ThreadLocal.withInitial(() -> new BlockCodec());
    }

    /** An index file over bytes already in memory (a memory table), header checked. */
    static IndexFile of(Path path, ByteBuffer bytes) throws IndexFileException {
        return new IndexFile(path, bytes);
    }

    /**
     * Opens (maps) an index file and checks its header.
     *
     * @param verifyBody also check the body's checksum (reads the whole file)
     */
    static IndexFile open(Path path, boolean verifyBody) throws IOException {
        MappedByteBuffer map;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            map = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        }
        IndexFile f = new IndexFile(path, map);
        if (verifyBody && !f.bodyChecksumMatches()) {
            throw new IndexFileException(path.toString(), "body checksum does not match");
        }
        return f;
    }

    boolean bodyChecksumMatches() {
        CRC32C c = new CRC32C();
        c.update(map.duplicate().position(HEADER_BYTES).limit((int) length));
        return (int) c.getValue() == bodyCrc;
    }

    static ByteBuffer header(IndexKind kind, int level, long entries, long intervals, long minTime, long maxTime,
            byte[] minKey, byte[] maxKey, long tableOffset, int blocks, long length, int bodyCrc) {
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES);
        h.put(0, MAGIC);
        h.put(8, (byte) kind.ordinal());
        h.put(9, (byte) level);
        h.putInt(12, kind.storedWidth());
        h.putLong(16, entries);
        h.putLong(24, minTime);
        h.putLong(32, maxTime);
        h.putLong(40, tableOffset);
        h.putInt(48, blocks);
        h.putLong(52, length);
        h.put(60, minKey);
        h.put(76, maxKey);
        h.putLong(92, BlockCodec.UNIT_NANOS);
        h.putLong(100, intervals);
        h.putInt(120, bodyCrc);
        CRC32C c = new CRC32C();
        c.update(h.duplicate().position(0).limit(124));
        h.putInt(124, (int) c.getValue());
        return h.position(0);
    }

    /**
     * The intervals of {@code key} (exact or stored) here that overlap [from, to]; empty when none.
     * For a fingerprinted kind they are those of every key with the same fingerprint.
     */
    List<Interval> lookup(byte[] exactOrStored, long fromNanos, long toNanos) {
        byte[] key = kind.stored(exactOrStored);
        if (entries == 0 || maxTime < fromNanos || minTime > toNanos
                || Arrays.compareUnsigned(key, minKey) < 0 || Arrays.compareUnsigned(key, maxKey) > 0) {
            return List.of();
        }
        int lo = 0;
        int hi = blocks - 1;
        int block = 0;
        while (lo <= hi) { // last block whose first key <= key
            int mid = (lo + hi) >>> 1;
            if (Arrays.compareUnsigned(firstKeys, mid * width, mid * width + width, key, 0, width) <= 0) {
                block = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        BlockCodec.Decoded d = new BlockCodec.Decoded();
        decode(block, d);
        int i = d.find(key);
        if (i < 0) {
            return List.of();
        }
        List<Interval> all = new ArrayList<>(d.ivFrom[i + 1] - d.ivFrom[i]);
        d.intervals(i, archives, all);
        all.removeIf(iv -> !iv.overlaps(fromNanos, toNanos));
        return all;
    }

    private void decode(int block, BlockCodec.Decoded d) {
        int off = (int) blockOffset[block];
        CRC32C c = new CRC32C();
        c.update(map.duplicate().position(off).limit(off + blockLength[block]));
        if ((int) c.getValue() != blockCrc[block]) {
            throw new IllegalArgumentException((path == null ? "memory table" : path) + ": block " + block
                    + " checksum does not match");
        }
        codecs.get().decode(map, off, blockLength[block], blockRaw[block], d);
    }

    /** Every entry in key order, for merges and checks. */
    Cursor cursor() {
        return new Cursor();
    }

    /** Walks the entries in order. Not thread-safe; one per reader. */
    final class Cursor {
        private final BlockCodec.Decoded d = new BlockCodec.Decoded();
        private final BlockCodec codec = new BlockCodec();
        private int block = -1;
        private int at;
        private long read;
        byte[] key;
        List<Interval> intervals;

        boolean next() {
            while (block < 0 || at == d.n) {
                if (++block >= blocks) {
                    return false;
                }
                int off = (int) blockOffset[block];
                CRC32C c = new CRC32C();
                c.update(map.duplicate().position(off).limit(off + blockLength[block]));
                if ((int) c.getValue() != blockCrc[block]) {
                    throw new IllegalArgumentException("block " + block + " checksum does not match");
                }
                codec.decode(map, off, blockLength[block], blockRaw[block], d);
                at = 0;
                if (d.n > 0 && !Arrays.equals(d.keys, 0, width, firstKeys, block * width, block * width + width)) {
                    throw new IllegalArgumentException("block " + block + " does not begin with its table key");
                }
            }
            key = Arrays.copyOfRange(d.keys, at * width, at * width + width);
            intervals = new ArrayList<>(d.ivFrom[at + 1] - d.ivFrom[at]);
            d.intervals(at, archives, intervals);
            at++;
            read++;
            return true;
        }

        /** Entries read so far. */
        long read() {
            return read;
        }
    }

    public Path path() {
        return path;
    }

    public IndexKind kind() {
        return kind;
    }

    public int level() {
        return level;
    }

    public long entries() {
        return entries;
    }

    /** Intervals of all entries. */
    public long intervals() {
        return intervals;
    }

    public long minTime() {
        return minTime;
    }

    public long maxTime() {
        return maxTime;
    }

    public long sizeBytes() {
        return length;
    }

    /** The recording files this file covers (every flow of them is indexed here). */
    public List<String> archives() {
        return archives;
    }

    /** Sequence numbers of the files this one replaced by merging. */
    List<Long> replaces() {
        return replaces;
    }

    /** The sequence number in the file's name. */
    long sequence() {
        return sequenceOf(path);
    }

    static String fileName(int level, long seq) {
        return String.format("L%d-%012d.idx", level, seq);
    }

    /** The sequence number of an index file name, or -1 when it is not one. */
    static long sequenceOf(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(2)) : -1;
    }

    @Override
    public String toString() {
        return (path == null ? "memory table" : path.getFileName()) + " (" + kind.configName() + " level " + level
                + ", " + entries + " entries)";
    }
}
