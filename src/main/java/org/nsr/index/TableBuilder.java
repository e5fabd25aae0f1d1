package org.nsr.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds the entries of one index kind for one recording file from (key, time) pairs, in bounded
 * memory: pairs go into a primitive array (keys packed into one or two longs, then the time), which
 * grows only within the {@link MemoryBudget}. A full array is sorted by key and written to disk as a
 * run of raw pairs; {@link #seal} merges the runs and the rest (exact times, so the intervals are
 * the same as without spilling) into one table: in memory when nothing was
 * spilled, else an index file in the spill directory. Not thread-safe; one per indexing thread.
 */
final class TableBuilder {
    private static final int MIN_RECORDS = 1 << 16;
    private static final AtomicLong RUN_SEQ = new AtomicLong();

    private final IndexKind kind;
    private final int width;
    private final int words;
    private final int stride;
    private final long timeoutNanos;
    private final MemoryBudget budget;
    private final Path spillDir;
    private long[] buf;
    private long[] scratch = new long[0];
    private long reserved;
    private int n;
    private final List<Path> runs = new ArrayList<>();
    private final List<Long> runLengths = new ArrayList<>();

    /**
     * @param spillDir where sorted runs and sealed tables that did not fit in memory go
     */
    TableBuilder(IndexKind kind, long timeoutNanos, MemoryBudget budget, Path spillDir) {
        this.kind = kind;
        this.width = kind.storedWidth();
        this.words = (width + 7) / 8;
        this.stride = words + 1;
        this.timeoutNanos = timeoutNanos;
        this.budget = budget;
        this.spillDir = spillDir;
        this.buf = new long[MIN_RECORDS * stride];
    }

    /** Adds one key (scratch bytes, copied; a fingerprinted kind keeps its fingerprint) at a time. */
    void add(byte[] key, long timeNanos) throws IOException {
        if ((n + 1) * stride > buf.length) {
            grow();
        }
        int at = n * stride;
        buf[at] = key.length != width ? (IndexKind.fingerprint(key) & 0xFFFFFFFFL) << 32 : pack(key, 0);
        if (words == 2) {
            buf[at + 1] = pack(key, 8);
        }
        buf[at + words] = timeNanos;
        n++;
    }

    /**
     * Adds one stored key given as its packed word (what {@link IndexKind#storedWord} gives) at a
     * time: the flow path of {@code nsr index}, without key bytes. Only for kinds whose stored key
     * fits one long.
     */
    void addWord(long word, long timeNanos) throws IOException {
        if ((n + 1) * stride > buf.length) {
            grow();
        }
        int at = n * stride;
        buf[at] = word;
        buf[at + 1] = timeNanos;
        n++;
    }

    /** True when stored keys fit one long: {@link #addWord} and {@link #sealEntries} may be used. */
    boolean oneWord() {
        return words == 1;
    }

    /**
     * The entries of the file as primitive rows ({@link FileEntries}), and a fresh start; null when
     * they are not held that way (pairs spilled to disk, keys wider than a long, or bounds wider
     * than an int), and then {@link #seal} gives the table, with nothing lost.
     */
    FileEntries sealEntries(String archive) {
        if (!runs.isEmpty() || words != 1) {
            return null;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 1; i < 2 * n; i += 2) {
            min = Math.min(min, buf[i]);
            max = Math.max(max, buf[i]);
        }
        long base = BlockCodec.unitOf(n == 0 ? 0 : min);
        if (n > 0 && BlockCodec.unitOf(max) - base > Integer.MAX_VALUE) {
            return null;
        }
        sortByKey();
        // the rows go into the sort's scratch, free now: keys from 0, bounds (start << 32 | length) from n
        long[] out = scratch;
        int rows = 0;
        long[] times = new long[16];
        int i = 0;
        while (i < n) {
            long k = buf[i * 2];
            int j = i + 1;
            while (j < n && buf[j * 2] == k) {
                j++;
            }
            if (j - i == 1) {
                long t = buf[i * 2 + 1];
                out[rows] = k;
                out[n + rows++] = bounds(base, t, t);
            } else {
                if (times.length < j - i) {
                    times = new long[Math.max(j - i, times.length * 2)];
                }
                for (int r = i; r < j; r++) {
                    times[r - i] = buf[r * 2 + 1];
                }
                java.util.Arrays.sort(times, 0, j - i);
                long start = times[0];
                long end = start;
                for (int r = 1; r < j - i; r++) {
                    long t = times[r];
                    if (t - end > timeoutNanos) {
                        out[rows] = k;
                        out[n + rows++] = bounds(base, start, end);
                        start = t;
                    }
                    end = t;
                }
                out[rows] = k;
                out[n + rows++] = bounds(base, start, end);
            }
            i = j;
        }
        int[] st = new int[rows];
        int[] len = new int[rows];
        for (int r = 0; r < rows; r++) {
            long b = out[n + r];
            st[r] = (int) (b >>> 32);
            len[r] = (int) b;
        }
        FileEntries e = new FileEntries(kind, archive, rows, java.util.Arrays.copyOf(out, rows), base, st, len);
        reset();
        return e;
    }

    /** An interval's first unit after {@code base} and its length in units, as one long. */
    private static long bounds(long base, long startNanos, long endNanos) {
        long s = BlockCodec.unitOf(startNanos);
        return (s - base) << 32 | (BlockCodec.unitOf(endNanos) - s);
    }

    private void grow() throws IOException {
        long more = 2L * buf.length * Long.BYTES; // the buffer doubles, and so does the sort's scratch
        if (buf.length == 0) {
            buf = new long[MIN_RECORDS * stride];
        } else if (buf.length < (1 << 27) && budget.tryReserve(more)) {
            reserved += more;
            buf = java.util.Arrays.copyOf(buf, buf.length * 2);
        } else {
            spill();
        }
    }

    /** Pairs held in memory now (what bounds its size). */
    long held() {
        return n;
    }

    /** Bytes held on the heap. */
    long heapBytes() {
        return (long) buf.length * Long.BYTES;
    }

    private long pack(byte[] k, int from) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            int j = from + i;
            v = (v << 8) | (j < width ? (k[j] & 0xFF) : 0);
        }
        return v;
    }

    private void unpack(int record, byte[] k) {
        for (int w = 0; w < words; w++) {
            long v = buf[record * stride + w];
            for (int i = 0; i < 8 && w * 8 + i < width; i++) {
                k[w * 8 + i] = (byte) (v >>> (56 - 8 * i));
            }
        }
    }

    private void spill() throws IOException {
        if (n == 0) {
            return;
        }
        Files.createDirectories(spillDir);
        Path p = spillDir.resolve(kind.configName() + "-" + RUN_SEQ.incrementAndGet() + ".run");
        sortByKey();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(
                Files.newOutputStream(p), 1 << 16))) {
            for (int i = 0; i < n * stride; i++) {
                out.writeLong(buf[i]);
            }
        }
        runs.add(p);
        runLengths.add((long) n);
        n = 0;
    }

    /** Reads the pairs of one sorted run, on disk or (the rest) in the buffer. */
    private final class Run implements AutoCloseable {
        final long[] cur = new long[stride];
        private final java.io.DataInputStream in;
        private long left;
        private int at;

        Run(Path p, long count) throws IOException {
            this.in = new java.io.DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(p), 1 << 16));
            this.left = count;
        }

        Run() {
            this.in = null;
            this.left = n;
        }

        boolean next() throws IOException {
            if (left == 0) {
                return false;
            }
            left--;
            for (int w = 0; w < stride; w++) {
                cur[w] = in == null ? buf[at++] : in.readLong();
            }
            return true;
        }

        int compareKey(Run o) {
            for (int w = 0; w < words; w++) {
                int c = Long.compareUnsigned(cur[w], o.cur[w]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }

    /** Merges the runs and the buffer: all times of a key come together, exactly as if nothing was spilled. */
    private void mergeRuns(IndexFileWriter w, String archive) throws IOException {
        sortByKey();
        List<Run> open = new ArrayList<>();
        try {
            for (int i = 0; i < runs.size(); i++) {
                open.add(new Run(runs.get(i), runLengths.get(i)));
            }
            open.add(new Run());
            java.util.PriorityQueue<Run> heads = new java.util.PriorityQueue<>(Run::compareKey);
            for (Run r : open) {
                if (r.next()) {
                    heads.add(r);
                }
            }
            long[] keyWords = new long[words];
            long[] times = new long[16];
            byte[] key = new byte[width];
            List<Interval> ivs = new ArrayList<>();
            while (!heads.isEmpty()) {
                Run top = heads.peek();
                System.arraycopy(top.cur, 0, keyWords, 0, words);
                int m = 0;
                while (!heads.isEmpty() && sameWords(heads.peek().cur, keyWords)) {
                    Run r = heads.poll();
                    do {
                        if (m == times.length) {
                            times = java.util.Arrays.copyOf(times, m * 2);
                        }
                        times[m++] = r.cur[words];
                    } while (r.next() && sameWords(r.cur, keyWords));
                    if (r.left >= 0 && !sameWords(r.cur, keyWords)) {
                        heads.add(r);
                    }
                }
                for (int x = 0; x < words; x++) {
                    for (int i = 0; i < 8 && x * 8 + i < width; i++) {
                        key[x * 8 + i] = (byte) (keyWords[x] >>> (56 - 8 * i));
                    }
                }
                w.add(key, intervals(times, m, archive, ivs));
            }
        } finally {
            for (Run r : open) {
                r.close();
            }
        }
    }

    private boolean sameWords(long[] a, long[] keyWords) {
        for (int x = 0; x < words; x++) {
            if (a[x] != keyWords[x]) {
                return false;
            }
        }
        return true;
    }

    /** Sorts the times of one key and splits them into intervals at the inactivity timeout. */
    private List<Interval> intervals(long[] times, int m, String archive, List<Interval> ivs) {
        java.util.Arrays.sort(times, 0, m);
        ivs.clear();
        long start = times[0];
        long end = start;
        for (int r = 1; r < m; r++) {
            long t = times[r];
            if (t - end > timeoutNanos) {
                ivs.add(new Interval(start, end, archive));
                start = t;
            }
            end = t;
        }
        ivs.add(new Interval(start, end, archive));
        return ivs;
    }

    /** Sorts the buffer and writes its entries: keys with their intervals split at the timeout. */
    private void writeSorted(IndexFileWriter w, String archive) throws IOException {
        sortByKey();
        byte[] key = new byte[width];
        List<Interval> ivs = new ArrayList<>();
        long[] times = new long[16];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j < n && sameKey(i, j)) {
                j++;
            }
            if (times.length < j - i) {
                times = new long[Math.max(j - i, times.length * 2)];
            }
            for (int r = i; r < j; r++) {
                times[r - i] = buf[r * stride + words];
            }
            unpack(i, key);
            w.add(key, intervals(times, j - i, archive, ivs));
            i = j;
        }
    }

    private boolean sameKey(int a, int b) {
        for (int w = 0; w < words; w++) {
            if (buf[a * stride + w] != buf[b * stride + w]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sorts the pairs by key: least-significant-digit radix sort on 16-bit digits, skipping digits
     * every key shares (the zero padding, common prefixes). Times stay unsorted inside a key's
     * run; {@link #writeSorted} sorts each run's times.
     */
    private void sortByKey() {
        if (scratch.length < buf.length) {
            scratch = new long[buf.length];
        }
        int[] count = new int[1 << 16];
        long[] src = buf;
        long[] dst = scratch;
        for (int w = words - 1; w >= 0; w--) {
            // the bytes past the key's width (the last word's zero padding) are the same in every key
            int pad = w == words - 1 ? 8 * (8 * words - width) : 0;
            for (int shift = pad / 16 * 16; shift < 64; shift += 16) {
                java.util.Arrays.fill(count, 0);
                for (int i = 0; i < n; i++) {
                    count[(int) (src[i * stride + w] >>> shift) & 0xFFFF]++;
                }
                if (count[(int) (src[w] >>> shift) & 0xFFFF] == n) {
                    continue; // every key has this digit
                }
                int sum = 0;
                for (int d = 0; d < count.length; d++) {
                    int c = count[d];
                    count[d] = sum;
                    sum += c;
                }
                if (stride == 2) {
                    for (int i = 0; i < 2 * n; i += 2) {
                        long k = src[i];
                        int at = 2 * count[(int) (k >>> shift) & 0xFFFF]++;
                        dst[at] = k;
                        dst[at + 1] = src[i + 1];
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        int at = count[(int) (src[i * stride + w] >>> shift) & 0xFFFF]++;
                        System.arraycopy(src, i * stride, dst, at * stride, stride);
                    }
                }
                long[] t = src;
                src = dst;
                dst = t;
            }
        }
        if (src != buf) {
            scratch = buf;
            buf = src;
        }
    }

    /**
     * The table of the file: in memory when nothing was spilled, else merged from the runs into
     * an index file in the spill directory (level 0, covering {@code archive}). Starts afresh.
     */
    IndexFile seal(String archive) throws IOException {
        try {
            if (runs.isEmpty()) {
                IndexFileWriter w = IndexFileWriter.inMemory(kind, List.of(archive));
                writeSorted(w, archive);
                return w.finishInMemory();
            }
            Path p = spillDir.resolve(kind.configName() + "-" + RUN_SEQ.incrementAndGet() + ".sealed");
            try (IndexFileWriter w = IndexFileWriter.toFile(p, kind, 0, List.of(archive), List.of())) {
                mergeRuns(w, archive);
                return w.finish();
            }
        } finally {
            reset();
        }
    }

    /** Forgets everything held (a file given up on): deletes the runs, keeps the buffer. */
    void reset() {
        for (Path r : runs) {
            try {
                Files.deleteIfExists(r);
            } catch (IOException e) {
                // a leftover run is deleted at the next start
            }
        }
        runs.clear();
        runLengths.clear();
        n = 0; // the buffer (and its reservation) is kept for the next file
    }

    /** Gives the buffers and their reservation back (the builder is not used again). */
    void close() {
        reset();
        budget.release(reserved);
        reserved = 0;
        buf = new long[0];
        scratch = new long[0];
    }
}
