package org.nsr.index;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Encodes and decodes one block of index entries (format 4, see {@link IndexFile}). Keys are 4
 * bytes (a fingerprint or an IPv4 address) in ascending order, Rice-coded ({@link RiceKeys}); then
 * the interval columns as varints: count per entry, archive id, each archive's first start in the
 * block, start from its archive's first, length; times in whole {@link #UNIT_NANOS} units. The
 * block is then deflated. Not thread-safe: one codec per writer or reader thread.
 */
final class BlockCodec {
    /** Archive ids a block may name: more than any file's archive table holds. */
    private static final int MAX_ARCHIVE_ID = 1 << 22;
    /** Entries per block: a lookup inflates one block. */
    static final int ENTRIES_PER_BLOCK = 4096;
    /** Interval bounds are stored in whole seconds: they only name files and bound times. */
    static final long UNIT_NANOS = 1_000_000_000L;

    /** Bytes of a stored key: every kind stores 4 (a fingerprint or an IPv4 address). */
    static final int KEY_BYTES = 4;
    /** Deflate level of index files; memory tables, rewritten at every flush, use level 1. */
    static final int FILE_LEVEL = Integer.getInteger("nsr.index.deflate", 6);

    private final int level;
    private Deflater deflater; // made on the first encode: readers never need one
    private final Inflater inflater = new Inflater(true);
    private byte[] raw = new byte[1 << 16];
    private int rawSize;
    private byte[] deflated = new byte[1 << 16];
    private byte[] inflated = new byte[1 << 16];
    private long[] archiveBase = new long[64];
    private int[] localOf = new int[64];
    private int[] presentIds = new int[64];
    private long[] keyVals = new long[0];
    private byte[] riceBytes = new byte[1 << 12];

    /** A codec for reading, or writing at {@link #FILE_LEVEL}. */
    BlockCodec() {
        this(FILE_LEVEL);
    }

    BlockCodec(int level) {
        this.level = level;
    }

    /** The first unit of a time: interval starts are rounded down to it. */
    static long unitOf(long nanos) {
        return Math.floorDiv(nanos, UNIT_NANOS);
    }

    /** The first nanosecond of a unit. */
    static long startOfUnit(long unit) {
        return unit * UNIT_NANOS;
    }

    /** The last nanosecond of a unit: interval ends are rounded up to it. */
    static long endOfUnit(long unit) {
        return unit * UNIT_NANOS + (UNIT_NANOS - 1);
    }

    /** An interval as the index stores it: its bounds widened to whole units. */
    static Interval quantize(Interval iv) {
        return new Interval(startOfUnit(unitOf(iv.startNanos())), endOfUnit(unitOf(iv.endNanos())), iv.archive());
    }

    /**
     * Encodes {@code n} entries: keys packed 4 bytes each in {@code keys}, intervals of
     * entry i at {@code ivFrom[i]..ivFrom[i+1]} of {@code archive}/{@code start}/{@code len}
     * (units). Returns the deflated bytes (valid until the next call) and their length in {@code out[0]},
     * the raw length in {@code out[1]}.
     */
    byte[] encode(int n, byte[] keys, int[] ivFrom, int[] archive, long[] start, long[] len, int[] out) {
        rawSize = 0;
        writeVarint(n);
        int total = ivFrom[n];
        if (n > 0) {
            // sorted 4-byte keys (fingerprints, IPs): Rice-coded gaps, about log2(mean gap) + 1.5 bits a key
            keyVals = RiceKeys.grow(keyVals, n);
            for (int i = 0; i < n; i++) {
                keyVals[i] = IndexKind.getInt(keys, i * 4) & 0xFFFF_FFFFL;
            }
            int k = RiceKeys.parameter(keyVals[0], keyVals[n - 1], n);
            int bytes = (int) ((RiceKeys.bits(keyVals, n, k) + 7) / 8);
            ensure(5);
            System.arraycopy(keys, 0, raw, rawSize, 4);
            rawSize += 4;
            raw[rawSize++] = (byte) k;
            writeVarint(bytes);
            ensure(bytes);
            rawSize = RiceKeys.write(keyVals, n, k, raw, rawSize);
        }
        // the Rice bits are as good as random: deflating them with the small interval columns would
        // make the shared Huffman codes longer for both, so only the intervals are deflated
        int keyBytes = rawSize;
        long base = Long.MAX_VALUE;
        for (int j = 0; j < total; j++) {
            base = Math.min(base, start[j]);
        }
        base = total == 0 ? 0 : base;
        writeVarint(Varints.zigzag(base));
        for (int i = 0; i < n; i++) {
            writeVarint(ivFrom[i + 1] - ivFrom[i]);
        }
        // each archive's first start in the block, then per interval one symbol for its archive (among
        // those the block names), its start from that archive's first and whether it has a length: one
        // symbol, so the Huffman codes carry the fractions of bits that separate small columns round up
        int max = maxArchive(archive, total);
        long[] first = archiveBases(max);
        for (int j = 0; j < total; j++) {
            first[archive[j]] = Math.min(first[archive[j]], start[j]);
        }
        int present = 0;
        for (int a = 0; a <= max; a++) {
            if (first[a] != Long.MAX_VALUE) {
                localOf[a] = present++;
            }
        }
        writeVarint(present);
        int prev = -1;
        for (int a = 0; a <= max; a++) {
            if (first[a] != Long.MAX_VALUE) {
                writeVarint(a - prev - 1);
                writeVarint(first[a] - base);
                prev = a;
            }
        }
        for (int j = 0; j < total; j++) {
            long q = (start[j] - first[archive[j]]) * present + localOf[archive[j]];
            writeVarint(q << 1 | (len[j] > 0 ? 1 : 0));
        }
        for (int j = 0; j < total; j++) {
            if (len[j] > 0) {
                writeVarint(len[j] - 1);
            }
        }
        if (deflater == null) {
            deflater = new Deflater(level, true);
        }
        deflater.reset();
        deflater.setInput(raw, keyBytes, rawSize - keyBytes);
        deflater.finish();
        if (deflated.length < keyBytes + 64) {
            deflated = new byte[Math.max(keyBytes + 64, deflated.length * 2)];
        }
        System.arraycopy(raw, 0, deflated, 0, keyBytes);
        int size = keyBytes;
        while (!deflater.finished()) {
            if (size == deflated.length) {
                deflated = java.util.Arrays.copyOf(deflated, deflated.length * 2);
            }
            size += deflater.deflate(deflated, size, deflated.length - size);
        }
        out[0] = size;
        out[1] = rawSize - keyBytes;
        return deflated;
    }

    private static int maxArchive(int[] archive, int total) {
        int max = -1;
        for (int j = 0; j < total; j++) {
            if (archive[j] < 0 || archive[j] > MAX_ARCHIVE_ID) {
                throw new IllegalArgumentException("block names archive id " + archive[j]);
            }
            max = Math.max(max, archive[j]);
        }
        return max;
    }

    /** The start base per archive id 0..max, each first unset ({@code Long.MAX_VALUE}). */
    private long[] archiveBases(int max) {
        if (archiveBase.length <= max || localOf.length <= max) {
            archiveBase = new long[Math.max(max + 1, archiveBase.length * 2)];
            localOf = new int[archiveBase.length];
        }
        java.util.Arrays.fill(archiveBase, 0, max + 1, Long.MAX_VALUE);
        return archiveBase;
    }

    private void ensure(int more) {
        if (rawSize + more > raw.length) {
            raw = java.util.Arrays.copyOf(raw, Math.max(rawSize + more, raw.length * 2));
        }
    }

    private void writeVarint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            raw[rawSize++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        raw[rawSize++] = (byte) v;
    }

    /** One decoded block: arrays valid until the next decode with this codec. */
    static final class Decoded {
        int n;
        byte[] keys = new byte[0];
        int[] ivFrom = new int[1];
        int[] archive = new int[0];
        long[] start = new long[0];
        long[] len = new long[0];

        /** Index of {@code key} in the block, or -1. */
        int find(byte[] key) {
            int width = KEY_BYTES;
            int lo = 0;
            int hi = n - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int c = java.util.Arrays.compareUnsigned(keys, mid * width, mid * width + width, key, 0, width);
                if (c < 0) {
                    lo = mid + 1;
                } else if (c > 0) {
                    hi = mid - 1;
                } else {
                    return mid;
                }
            }
            return -1;
        }

        /** The intervals of entry i, naming archives by {@code names}. */
        void intervals(int i, List<String> names, List<Interval> into) {
            for (int j = ivFrom[i]; j < ivFrom[i + 1]; j++) {
                into.add(new Interval(startOfUnit(start[j]), endOfUnit(start[j] + len[j]), names.get(archive[j])));
            }
        }
    }

    /** Reads the key section after the entry count: the first key, k, the Rice bytes' length, the bytes. */
    private long[] readKeys(ByteBuffer kb, int n) {
        keyVals = RiceKeys.grow(keyVals, n);
        if (n == 0) {
            return keyVals;
        }
        long first = kb.getInt() & 0xFFFF_FFFFL;
        int k = kb.get() & 0xFF;
        long bytes = Varints.read(kb);
        if (k > 31 || bytes < 0 || bytes > kb.remaining()) {
            throw new IllegalArgumentException("block keys claim parameter " + k + " and " + bytes + " bytes");
        }
        if (riceBytes.length < bytes) {
            riceBytes = new byte[(int) Math.max(bytes, riceBytes.length * 2L)];
        }
        kb.get(riceBytes, 0, (int) bytes);
        RiceKeys.read(riceBytes, 0, (int) bytes, k, first, keyVals, n);
        return keyVals;
    }

    /**
     * Decodes the block at {@code [off, off+length)} of {@code src} into {@code d}.
     *
     * @throws IllegalArgumentException when the block cannot be decoded
     */
    void decode(ByteBuffer src, int off, int length, int rawLength, Decoded d) {
        if (rawLength < 0 || length < 0) {
            throw new IllegalArgumentException("block lengths " + length + "/" + rawLength);
        }
        ByteBuffer kb = src.duplicate().position(off).limit(off + length);
        int n;
        long[] vals;
        try {
            n = (int) Varints.read(kb);
            if (n < 0 || n > length * 8 + 1) {
                throw new IllegalArgumentException("block claims " + n + " entries");
            }
            vals = readKeys(kb, n);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("block keys are cut");
        }
        if (inflated.length < rawLength) {
            inflated = new byte[Math.max(rawLength, inflated.length * 2)];
        }
        inflater.reset();
        inflater.setInput(kb.slice());
        try {
            int got = 0;
            while (got < rawLength && !inflater.finished()) {
                int k = inflater.inflate(inflated, got, rawLength - got);
                if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                got += k;
            }
            if (got != rawLength) {
                throw new IllegalArgumentException("block intervals inflate to " + got + " bytes, not " + rawLength);
            }
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("block cannot be inflated: " + e.getMessage());
        }
        ByteBuffer b = ByteBuffer.wrap(inflated, 0, rawLength);
        long base = Varints.unzigzag(Varints.read(b));
        d.n = n;
        if (d.keys.length < n * KEY_BYTES) {
            d.keys = new byte[n * KEY_BYTES];
            d.ivFrom = new int[n + 1];
        }
        for (int i = 0; i < n; i++) {
            IndexKind.putInt(d.keys, i * KEY_BYTES, (int) vals[i]);
        }
        d.ivFrom[0] = 0;
        for (int i = 0; i < n; i++) {
            d.ivFrom[i + 1] = d.ivFrom[i] + (int) Varints.read(b);
        }
        int total = d.ivFrom[n];
        if (total < 0 || total > rawLength) {
            throw new IllegalArgumentException("block claims " + total + " intervals");
        }
        if (d.archive.length < total) {
            int cap = Math.max(total, d.archive.length * 2);
            d.archive = new int[cap];
            d.start = new long[cap];
            d.len = new long[cap];
        }
        long present = Varints.read(b);
        if (present < 0 || present > Math.max(total, 0) || (total > 0 && present == 0)) {
            throw new IllegalArgumentException("block names " + present + " archives for " + total + " intervals");
        }
        int m = (int) present;
        if (presentIds.length < m) {
            presentIds = new int[Math.max(m, presentIds.length * 2)];
        }
        long[] first = archiveBase.length >= m ? archiveBase : (archiveBase = new long[m]);
        int a = -1;
        for (int i = 0; i < m; i++) {
            long id = a + 1 + Varints.read(b);
            if (id > MAX_ARCHIVE_ID) {
                throw new IllegalArgumentException("block names archive id " + id);
            }
            a = (int) id;
            presentIds[i] = a;
            first[i] = base + Varints.read(b);
        }
        for (int j = 0; j < total; j++) {
            long sym = Varints.read(b);
            long q = sym >>> 1;
            int local = (int) (q % m);
            d.archive[j] = presentIds[local];
            d.start[j] = first[local] + q / m;
            d.len[j] = sym & 1; // 1: a length follows
        }
        for (int j = 0; j < total; j++) {
            if (d.len[j] != 0) {
                d.len[j] = Varints.read(b) + 1;
            }
        }
        if (b.hasRemaining()) {
            throw new IllegalArgumentException("block has " + b.remaining() + " bytes after its entries");
        }
    }
}
