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
 * One immutable index file, sorted by key, memory-mapped for lookups. The format (documented in
 * the README, "Index files"), all integers big-endian unless varint:
 *
 * <pre>
 * header, 128 bytes:
 *   0  magic "NSRIDX01"            8  kind ordinal (1) level (1) 0 (2)   12 key width (4)
 *   16 entries (8)                 24 min time ns (8)   32 max time ns (8)
 *   40 sparse table offset (8)     48 sparse count (4)  52 file length (8)
 *   60 min key (16, zero padded)   76 max key (16)      92..119 zero
 *   120 CRC32C of bytes 128..end (4)   124 CRC32C of header bytes 0..123 (4)
 * body:
 *   archives: varint n, then n × (varint length, UTF-8 name "&lt;stamp&gt;_&lt;source&gt;")
 *   replaces: varint n, then n × varint sequence number of a merged input file
 *   entries, ascending unsigned key order: key (width bytes), varint m, then m intervals of
 *     varint archive id, varint zigzag(start − previous start), varint (end − start)
 *   sparse table: the file offset (8) of every 32nd entry
 * </pre>
 *
 * A lookup skips the file when its time or key range cannot match, else binary-searches the
 * sparse table and scans at most 32 entries. Thread-safe: readers use absolute reads of a
 * duplicate of the mapping; the mapping stays valid after the file is deleted by a merge.
 */
public final class IndexFile {
    static final int HEADER_BYTES = 128;
    static final int SPARSE_EVERY = 32;
    private static final byte[] MAGIC = "NSRIDX01".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern NAME = Pattern.compile("L(\\d)-(\\d{12})\\.idx");

    private final Path path;
    private final MappedByteBuffer map;
    private final IndexKind kind;
    private final int level;
    private final long entries;
    private final long minTime;
    private final long maxTime;
    private final byte[] minKey;
    private final byte[] maxKey;
    private final long sparseOffset;
    private final int sparseCount;
    private final long length;
    private final int bodyCrc;
    private final List<String> archives = new ArrayList<>();
    private final List<Long> replaces = new ArrayList<>();
    private final int entriesOffset;

    private IndexFile(Path path, MappedByteBuffer map) throws IndexFileException {
        this.path = path;
        this.map = map;
        ByteBuffer b = map.duplicate();
        if (b.limit() < HEADER_BYTES) {
            throw new IndexFileException(path, "shorter than its header (" + b.limit() + " bytes)");
        }
        byte[] magic = new byte[8];
        b.get(0, magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IndexFileException(path, "has no NSRIDX01 magic");
        }
        CRC32C hc = new CRC32C();
        hc.update(b.duplicate().position(0).limit(124));
        if ((int) hc.getValue() != b.getInt(124)) {
            throw new IndexFileException(path, "header checksum does not match");
        }
        int ordinal = b.get(8);
        if (ordinal < 0 || ordinal >= IndexKind.values().length) {
            throw new IndexFileException(path, "names index kind " + ordinal + ", which this version does not know");
        }
        this.kind = IndexKind.values()[ordinal];
        this.level = b.get(9);
        int width = b.getInt(12);
        if (width != kind.width()) {
            throw new IndexFileException(path, "key width " + width + " is not " + kind.width() + " of " + kind.configName());
        }
        this.entries = b.getLong(16);
        this.minTime = b.getLong(24);
        this.maxTime = b.getLong(32);
        this.sparseOffset = b.getLong(40);
        this.sparseCount = b.getInt(48);
        this.length = b.getLong(52);
        this.minKey = new byte[width];
        this.maxKey = new byte[width];
        b.get(60, minKey);
        b.get(76, maxKey);
        this.bodyCrc = b.getInt(120);
        if (length != b.limit() || sparseOffset + 8L * sparseCount != length || sparseOffset < HEADER_BYTES) {
            throw new IndexFileException(path, "is " + b.limit() + " bytes, its header says " + length
                    + " with the sparse table at " + sparseOffset);
        }
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
            this.entriesOffset = b.position();
        } catch (RuntimeException e) {
            throw new IndexFileException(path, "archive table cannot be read: " + e);
        }
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
            throw new IndexFileException(path, "body checksum does not match");
        }
        return f;
    }

    boolean bodyChecksumMatches() {
        CRC32C c = new CRC32C();
        c.update(map.duplicate().position(HEADER_BYTES).limit((int) length));
        return (int) c.getValue() == bodyCrc;
    }

    static ByteBuffer header(IndexKind kind, int level, long entries, long minTime, long maxTime, byte[] minKey,
            byte[] maxKey, long sparseOffset, int sparseCount, long length, int bodyCrc) {
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES);
        h.put(0, MAGIC);
        h.put(8, (byte) kind.ordinal());
        h.put(9, (byte) level);
        h.putInt(12, kind.width());
        h.putLong(16, entries);
        h.putLong(24, minTime);
        h.putLong(32, maxTime);
        h.putLong(40, sparseOffset);
        h.putInt(48, sparseCount);
        h.putLong(52, length);
        h.put(60, minKey);
        h.put(76, maxKey);
        h.putInt(120, bodyCrc);
        CRC32C c = new CRC32C();
        c.update(h.duplicate().position(0).limit(124));
        h.putInt(124, (int) c.getValue());
        return h.position(0);
    }

    /** The intervals of {@code key} here that overlap [from, to]; empty when none. */
    List<Interval> lookup(byte[] key, long fromNanos, long toNanos) {
        if (entries == 0 || maxTime < fromNanos || minTime > toNanos
                || Arrays.compareUnsigned(key, minKey) < 0 || Arrays.compareUnsigned(key, maxKey) > 0) {
            return List.of();
        }
        ByteBuffer b = map.duplicate();
        byte[] probe = new byte[kind.width()];
        int lo = 0;
        int hi = sparseCount - 1;
        int block = 0;
        while (lo <= hi) { // last sampled entry whose key <= key
            int mid = (lo + hi) >>> 1;
            b.get((int) b.getLong((int) (sparseOffset + 8L * mid)), probe);
            if (Arrays.compareUnsigned(probe, key) <= 0) {
                block = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        b.position((int) b.getLong((int) (sparseOffset + 8L * block)));
        for (int i = 0; i < SPARSE_EVERY && b.position() < sparseOffset; i++) {
            b.get(probe);
            int c = Arrays.compareUnsigned(probe, key);
            if (c > 0) {
                return List.of();
            }
            if (c == 0) {
                List<Interval> all = readIntervals(b);
                List<Interval> out = new ArrayList<>(all.size());
                for (Interval iv : all) {
                    if (iv.overlaps(fromNanos, toNanos)) {
                        out.add(iv);
                    }
                }
                return out;
            }
            skipIntervals(b);
        }
        return List.of();
    }

    private List<Interval> readIntervals(ByteBuffer b) {
        int m = (int) Varints.read(b);
        List<Interval> out = new ArrayList<>(m);
        long start = 0;
        for (int j = 0; j < m; j++) {
            int id = (int) Varints.read(b);
            start += Varints.unzigzag(Varints.read(b));
            long len = Varints.read(b);
            out.add(new Interval(start, start + len, archives.get(id)));
        }
        return out;
    }

    private static void skipIntervals(ByteBuffer b) {
        long m = Varints.read(b);
        for (long j = 0; j < 3 * m; j++) {
            Varints.read(b);
        }
    }

    /** Every entry in key order, for merges and checks. */
    Cursor cursor() {
        return new Cursor();
    }

    /** Walks the entries in order. Not thread-safe; one per reader. */
    final class Cursor {
        private final ByteBuffer b = map.duplicate().position(entriesOffset);
        private long read;
        byte[] key;
        List<Interval> intervals;

        boolean next() {
            if (read == entries) {
                return false;
            }
            key = new byte[kind.width()];
            b.get(key);
            intervals = readIntervals(b);
            read++;
            return true;
        }

        /** True when the entries end exactly where the sparse table begins. */
        boolean endsAtSparseTable() {
            return b.position() == sparseOffset;
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
        return path.getFileName() + " (" + kind.configName() + " level " + level + ", " + entries + " entries)";
    }
}
