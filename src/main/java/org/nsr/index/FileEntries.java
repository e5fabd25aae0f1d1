package org.nsr.index;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The entries of one index kind for one recording file, sorted by stored key, in primitive arrays:
 * one row per interval (a key with several intervals has several adjacent rows, in the order the
 * builder split them), its stored key as an unsigned long (the key's bytes big-endian from the top
 * byte, zero padded) and its bounds in whole {@link BlockCodec#UNIT_NANOS} units as ints relative
 * to the file's first unit. What {@code nsr index} holds between reading a file and writing the
 * level-0 file that covers it: about 16 bytes a row, and no encoding that would be undone at the
 * flush. Immutable once built.
 */
final class FileEntries {
    final IndexKind kind;
    final String archive;
    final int rows;
    final long[] keys;
    final long baseUnit;
    final int[] start;
    final int[] len;

    FileEntries(IndexKind kind, String archive, int rows, long[] keys, long baseUnit, int[] start, int[] len) {
        this.kind = kind;
        this.archive = archive;
        this.rows = rows;
        this.keys = keys;
        this.baseUnit = baseUnit;
        this.start = start;
        this.len = len;
    }

    /** Heap bytes held. */
    long bytes() {
        return 64L + (long) keys.length * 8 + (long) start.length * 4 + (long) len.length * 4;
    }

    /** The stored key of a row as the index files hold it ({@code storedWidth} bytes). */
    private static void keyBytes(long key, byte[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (key >>> (56 - 8 * i));
        }
    }

    /** Writes these entries alone (a memory table of one file). */
    void writeTo(IndexFileWriter w) throws IOException {
        merge(List.of(this), w);
    }

    /**
     * Writes the entries of several files (of one kind) into one writer in key order: the rows of a
     * key from every file become that entry's intervals, as a merge of the files' memory tables
     * would (the writer orders them). A k-way merge over a binary heap of the files' next keys.
     */
    static void merge(List<FileEntries> files, IndexFileWriter w) throws IOException {
        int m = files.size();
        if (m == 0) {
            return;
        }
        FileEntries[] in = files.toArray(new FileEntries[0]);
        byte[] key = new byte[in[0].kind.storedWidth()];
        int[] at = new int[m];
        // each file's next key, sign-flipped so that signed order is the keys' unsigned order
        long[] next = new long[m];
        int[] heap = new int[m]; // file numbers, ordered by (next key, file number)
        int size = 0;
        int[] ids = new int[m]; // each file's archive id in the writer, looked up once
        for (int f = 0; f < m; f++) {
            if (in[f].rows > 0) {
                ids[f] = w.archiveId(in[f].archive);
                next[f] = in[f].keys[0] ^ Long.MIN_VALUE;
                heap[size++] = f;
                siftUp(heap, size - 1, next);
            }
        }
        // one entry's intervals as columns for the writer: no Interval objects, no name lookups
        int[] ivArchive = new int[16];
        long[] ivStart = new long[16];
        long[] ivLen = new long[16];
        while (size > 0) {
            long k = next[heap[0]];
            long raw = k ^ Long.MIN_VALUE;
            int n = 0;
            while (size > 0 && next[heap[0]] == k) {
                int f = heap[0];
                FileEntries e = in[f];
                int i = at[f];
                do {
                    if (n == ivArchive.length) {
                        ivArchive = Arrays.copyOf(ivArchive, n * 2);
                        ivStart = Arrays.copyOf(ivStart, n * 2);
                        ivLen = Arrays.copyOf(ivLen, n * 2);
                    }
                    ivArchive[n] = ids[f];
                    ivStart[n] = e.baseUnit + e.start[i];
                    ivLen[n] = e.len[i];
                    n++;
                    i++;
                } while (i < e.rows && e.keys[i] == raw);
                at[f] = i;
                if (i == e.rows) {
                    heap[0] = heap[--size];
                } else {
                    next[f] = e.keys[i] ^ Long.MIN_VALUE;
                }
                siftDown(heap, size, next);
            }
            keyBytes(raw, key);
            w.add(key, n, ivArchive, ivStart, ivLen);
        }
    }

    private static boolean less(long[] next, int a, int b) {
        return next[a] < next[b] || (next[a] == next[b] && a < b);
    }

    private static void siftUp(int[] heap, int i, long[] next) {
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (!less(next, heap[i], heap[p])) {
                return;
            }
            int t = heap[i];
            heap[i] = heap[p];
            heap[p] = t;
            i = p;
        }
    }

    private static void siftDown(int[] heap, int size, long[] next) {
        int i = 0;
        int top = size == 0 ? 0 : heap[0];
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                break;
            }
            int c = l + 1 < size && less(next, heap[l + 1], heap[l]) ? l + 1 : l;
            if (!less(next, heap[c], top)) {
                break;
            }
            heap[i] = heap[c];
            i = c;
        }
        if (size > 0) {
            heap[i] = top;
        }
    }
}
