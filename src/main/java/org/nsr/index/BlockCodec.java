package org.nsr.index;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Encodes and decodes one block of index entries (format 2, see {@link IndexFile}). Entries are
 * sorted, so each key is stored XOR the key before it (leading bytes become zero) and laid out by
 * column: byte 0 of every key, then byte 1, and so on, which a general compressor squeezes well;
 * then the interval columns (count, archive id, start, length) as varints, times in whole
 * {@link #UNIT_NANOS} units relative to the block's first start. The block is then deflated.
 * Not thread-safe: one codec per writer or reader thread.
 */
final class BlockCodec {
    /** Entries per block: a lookup inflates one block. */
    static final int ENTRIES_PER_BLOCK = 4096;
    /** Interval bounds are stored in whole seconds: they only name files and bound times. */
    static final long UNIT_NANOS = 1_000_000_000L;

    private final int width;
    /** Deflate level of index files; memory tables, rewritten at every flush, use level 1. */
    static final int FILE_LEVEL = Integer.getInteger("nsr.index.deflate", 6);

    private final int level;
    private Deflater deflater; // made on the first encode: readers never need one
    private final Inflater inflater = new Inflater(true);
    private byte[] raw = new byte[1 << 16];
    private int rawSize;
    private byte[] deflated = new byte[1 << 16];
    private byte[] inflated = new byte[1 << 16];
    private long[] lastStart = new long[64];
    private long[] keyVals = new long[0];

    /** A codec for reading, or writing at {@link #FILE_LEVEL}. */
    BlockCodec(int width) {
        this(width, FILE_LEVEL);
    }

    BlockCodec(int width, int level) {
        this.width = width;
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
     * Encodes {@code n} entries: keys packed {@code width} bytes each in {@code keys}, intervals of
     * entry i at {@code ivFrom[i]..ivFrom[i+1]} of {@code archive}/{@code start}/{@code len}
     * (units). Returns the deflated bytes (valid until the next call) and their length in {@code out[0]},
     * the raw length in {@code out[1]}.
     */
    byte[] encode(int n, byte[] keys, int[] ivFrom, int[] archive, long[] start, long[] len, int[] out) {
        rawSize = 0;
        writeVarint(n);
        long base = n == 0 ? 0 : start[ivFrom[0]];
        writeVarint(Varints.zigzag(base));
        ensure(n * width);
        if (width == 4) {
            // sorted 4-byte keys (fingerprints, IPs): Rice-coded gaps, about log2(mean gap) + 1.5 bits a key
            keyVals = RiceKeys.grow(keyVals, n);
            for (int i = 0; i < n; i++) {
                keyVals[i] = packKey(keys, i * width);
            }
            if (n > 0) {
                int k = RiceKeys.parameter(keyVals[0], keyVals[n - 1], n);
                int bytes = (int) ((RiceKeys.bits(keyVals, n, k) + 7) / 8);
                ensure(5);
                for (int col = 0; col < 4; col++) {
                    raw[rawSize++] = (byte) (keyVals[0] >>> (24 - 8 * col));
                }
                raw[rawSize++] = (byte) k;
                writeVarint(bytes);
                ensure(bytes);
                rawSize = RiceKeys.write(keyVals, n, k, raw, rawSize);
            }
        } else {
            for (int col = 0; col < width; col++) {
                byte prev = 0;
                for (int i = 0, at = col; i < n; i++, at += width) {
                    byte b = keys[at];
                    raw[rawSize++] = (byte) (b ^ prev);
                    prev = b;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            writeVarint(ivFrom[i + 1] - ivFrom[i]);
        }
        int total = ivFrom[n];
        for (int j = 0; j < total; j++) {
            writeVarint(archive[j]);
        }
        long[] last = lastStarts(archive, total, base);
        for (int j = 0; j < total; j++) {
            // starts are near the previous start in the same recording file, not the previous key's
            writeVarint(Varints.zigzag(start[j] - last[archive[j]]));
            last[archive[j]] = start[j];
        }
        for (int j = 0; j < total; j++) {
            writeVarint(len[j]);
        }
        if (deflater == null) {
            deflater = new Deflater(level, true);
        }
        deflater.reset();
        deflater.setInput(raw, 0, rawSize);
        deflater.finish();
        int size = 0;
        while (!deflater.finished()) {
            if (size == deflated.length) {
                deflated = java.util.Arrays.copyOf(deflated, deflated.length * 2);
            }
            size += deflater.deflate(deflated, size, deflated.length - size);
        }
        out[0] = size;
        out[1] = rawSize;
        return deflated;
    }

    /** The previous start per archive id, each first set to the block's base. */
    private long[] lastStarts(int[] archive, int total, long base) {
        int max = 0;
        for (int j = 0; j < total; j++) {
            if (archive[j] < 0 || archive[j] > (1 << 22)) {
                throw new IllegalArgumentException("block names archive id " + archive[j]);
            }
            max = Math.max(max, archive[j]);
        }
        if (lastStart.length <= max) {
            lastStart = new long[Math.max(max + 1, lastStart.length * 2)];
        }
        java.util.Arrays.fill(lastStart, 0, max + 1, base);
        return lastStart;
    }

    private long packKey(byte[] keys, int at) {
        long v = 0;
        for (int i = 0; i < width; i++) {
            v = (v << 8) | (keys[at + i] & 0xFF);
        }
        return v;
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
        int find(byte[] key, int width) {
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

    /**
     * Decodes the block at {@code [off, off+length)} of {@code src} into {@code d}.
     *
     * @throws IllegalArgumentException when the block cannot be decoded
     */
    void decode(ByteBuffer src, int off, int length, int rawLength, Decoded d) {
        if (rawLength < 0 || length < 0) {
            throw new IllegalArgumentException("block lengths " + length + "/" + rawLength);
        }
        if (inflated.length < rawLength) {
            inflated = new byte[Math.max(rawLength, inflated.length * 2)];
        }
        inflater.reset();
        inflater.setInput(src.duplicate().position(off).limit(off + length).slice());
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
                throw new IllegalArgumentException("block inflates to " + got + " bytes, not " + rawLength);
            }
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("block cannot be inflated: " + e.getMessage());
        }
        ByteBuffer b = ByteBuffer.wrap(inflated, 0, rawLength);
        int n = (int) Varints.read(b);
        if (n < 0 || n > rawLength || (width != 4 && (long) n * width > rawLength)) {
            throw new IllegalArgumentException("block claims " + n + " entries");
        }
        long base = Varints.unzigzag(Varints.read(b));
        d.n = n;
        if (d.keys.length < n * width) {
            d.keys = new byte[n * width];
            d.ivFrom = new int[n + 1];
        }
        if (width == 4) {
            if (n > 0) {
                if (b.remaining() < 6) {
                    throw new IllegalArgumentException("block keys are cut");
                }
                long first = b.getInt() & 0xFFFF_FFFFL;
                int k = b.get() & 0xFF;
                long bytes = Varints.read(b);
                if (k > 31 || bytes < 0 || bytes > b.remaining()) {
                    throw new IllegalArgumentException("block keys claim parameter " + k + " and " + bytes + " bytes");
                }
                keyVals = RiceKeys.grow(keyVals, n);
                RiceKeys.read(inflated, b.position(), (int) bytes, k, first, keyVals, n);
                b.position(b.position() + (int) bytes);
                for (int i = 0; i < n; i++) {
                    for (int col = 0; col < 4; col++) {
                        d.keys[i * 4 + col] = (byte) (keyVals[i] >>> (24 - 8 * col));
                    }
                }
            }
        } else {
            for (int col = 0; col < width; col++) {
                for (int i = 0; i < n; i++) {
                    byte x = b.get();
                    d.keys[i * width + col] = i == 0 ? x : (byte) (x ^ d.keys[(i - 1) * width + col]);
                }
            }
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
        for (int j = 0; j < total; j++) {
            d.archive[j] = (int) Varints.read(b);
        }
        long[] last = lastStarts(d.archive, total, base);
        for (int j = 0; j < total; j++) {
            int a = d.archive[j];
            last[a] += Varints.unzigzag(Varints.read(b));
            d.start[j] = last[a];
        }
        for (int j = 0; j < total; j++) {
            d.len[j] = Varints.read(b);
        }
        if (b.hasRemaining()) {
            throw new IllegalArgumentException("block has " + b.remaining() + " bytes after its entries");
        }
    }
}
