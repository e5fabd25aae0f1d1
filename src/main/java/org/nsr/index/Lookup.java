package org.nsr.index;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.nsr.archive.ArchiveReader;
import org.nsr.archive.LineSource;
import org.nsr.record.LineBuffer;
import org.nsr.record.codec.FlowView;
import org.nsr.record.codec.JsonScan;
import org.nsr.record.codec.NdtwinFlowPoll;

/**
 * {@code nsr lookup}: the records of one key in a time range, in time order. With the index, only
 * the recording files its intervals name are read, plus every file the index does not cover yet
 * (the newest ones, or all of them for a recording never indexed); without it, every file. Both
 * read the chosen files the same way, so the answers are identical whenever the index names every
 * file that holds the key, which a test checks on random keys.
 *
 * <p>Generator flow lines (and other flow lines) are printed whole; an NDTwin flow poll gives one
 * poll line per matching entry, with the poll's timestamp. Not thread-safe; one per lookup.
 */
public final class Lookup {
    /** What was asked. Times are epoch nanoseconds, inclusive. */
    public record Query(IndexKind kind, byte[] key, long fromNanos, long toNanos, boolean useIndex) {
    }

    /** What the lookup did, for {@code --explain}. */
    public record Explain(int indexFiles, int indexFilesSkipped, int filesOpened, int filesTotal, long recordsRead,
            long matches, int notCovered, int sidecars, int sidecarSkips, long nanos) {
        @Override
        public String toString() {
            return "index files searched " + indexFiles + " (skipped by their time or key range " + indexFilesSkipped
                    + "), recording files opened " + filesOpened + " of " + filesTotal + " (" + notCovered
                    + " not covered by the index; " + sidecars + " chosen by their column sidecar, " + sidecarSkips
                    + " of them holding no match and not read), records read " + recordsRead + ", records printed "
                    + matches + ", time " + String.format("%.1f", nanos / 1e6) + " ms";
        }
    }

    /** One printed record. */
    private record Match(long timeNanos, long order, byte[] line) {
    }

    private final Path dir;
    private final ArchiveReader reader = new ArchiveReader(ArchiveReader.Options.defaults().withReadAheadBlocks(0));
    private final FlowView view = new FlowView();
    private Explain explain;
    private int sidecars;
    private int sidecarSkips;

    public Lookup(Path dir) {
        this.dir = dir;
    }

    /**
     * The intervals of the key, without deleted files, sorted by start; needs the index. For a
     * fingerprinted kind an interval is kept only when its recording file holds a record of the key
     * itself within it (read through the file's column sidecar when it has one), so another key
     * sharing the fingerprint does not lend the key its intervals.
     */
    public List<Interval> intervals(IndexKind kind, byte[] key, long fromNanos, long toNanos) throws IOException {
        IndexSnapshot snap = IndexSnapshot.read(dir, kind);
        RecordingFiles files = RecordingFiles.list(dir);
        List<Interval> all = new ArrayList<>();
        for (IndexFile f : snap.files) {
            for (Interval iv : f.lookup(key, fromNanos, toNanos)) {
                if (!snap.tombstones.contains(iv.archive()) && files.get(iv.archive()) != null) {
                    all.add(iv);
                }
            }
        }
        List<Interval> merged = IntervalList.coalesce(all, 0);
        return kind.fingerprinted() && key.length == kind.width() ? ownIntervals(kind, key, merged, files) : merged;
    }

    /** The intervals among {@code candidates} within which their file holds a record of the key. */
    private List<Interval> ownIntervals(IndexKind kind, byte[] key, List<Interval> candidates, RecordingFiles files)
            throws IOException {
        java.util.Map<String, long[]> times = new java.util.HashMap<>();
        List<Interval> out = new ArrayList<>(candidates.size());
        for (Interval iv : candidates) {
            long[] t = times.get(iv.archive());
            if (t == null) {
                t = recordTimes(kind, key, iv.archive(), files);
                times.put(iv.archive(), t);
            }
            int i = java.util.Arrays.binarySearch(t, iv.startNanos());
            int at = i >= 0 ? i : -i - 1;
            if (at < t.length && t[at] <= iv.endNanos()) {
                out.add(iv);
            }
        }
        return out;
    }

    /** The sorted times of the key's records in one recording file. */
    private long[] recordTimes(IndexKind kind, byte[] key, String name, RecordingFiles files) throws IOException {
        Query all = new Query(kind, key, Long.MIN_VALUE, Long.MAX_VALUE, true);
        RecordingFiles.File f = files.get(name);
        SidecarRows rows = new SidecarRows(kind, key, Long.MIN_VALUE, Long.MAX_VALUE);
        List<Match> found = new ArrayList<>();
        long[] records = {0};
        if (!rows.find(f) || (rows.count > 0 && scanRows(f, all, rows, found, records, 0) < 0)) {
            found.clear();
            scan(name, files, all, found, records, 0);
        }
        long[] t = found.stream().mapToLong(Match::timeNanos).toArray();
        java.util.Arrays.sort(t);
        return t;
    }

    /** Names of the recording files the index does not cover, in name order. */
    public List<String> notCovered(IndexKind kind) throws IOException {
        IndexSnapshot snap = IndexSnapshot.read(dir, kind);
        return RecordingFiles.list(dir).byName().keySet().stream().filter(n -> !snap.covered.contains(n)).toList();
    }

    /** Writes the matching records, one a line, in time order. */
    public void run(Query q, OutputStream out) throws IOException {
        long t0 = System.nanoTime();
        RecordingFiles files = RecordingFiles.list(dir);
        Set<String> toRead = new LinkedHashSet<>();
        int searched = 0;
        int skipped = 0;
        int notCovered = 0;
        if (q.useIndex()) {
            IndexSnapshot snap = IndexSnapshot.read(dir, q.kind());
            for (IndexFile f : snap.files) {
                if (f.maxTime() < q.fromNanos() || f.minTime() > q.toNanos()) {
                    skipped++;
                    continue;
                }
                searched++;
                for (Interval iv : f.lookup(q.key(), q.fromNanos(), q.toNanos())) {
                    if (!snap.tombstones.contains(iv.archive()) && files.get(iv.archive()) != null) {
                        toRead.add(iv.archive());
                    }
                }
            }
            for (String name : files.byName().keySet()) {
                if (!snap.covered.contains(name)) {
                    toRead.add(name);
                    notCovered++;
                }
            }
        } else {
            toRead.addAll(files.byName().keySet());
        }
        List<String> ordered = toRead.stream().sorted().toList();
        List<Match> matches = new ArrayList<>();
        long[] records = {0};
        long order = 0;
        sidecars = 0;
        sidecarSkips = 0;
        SidecarRows rows = q.useIndex() ? new SidecarRows(q.kind(), q.key(), q.fromNanos(), q.toNanos()) : null;
        for (String name : ordered) {
            RecordingFiles.File f = files.get(name);
            if (rows != null && f != null && rows.find(f)) {
                sidecars++;
                if (rows.count == 0) {
                    sidecarSkips++;
                    continue;
                }
                int before = matches.size();
                long o = scanRows(f, q, rows, matches, records, order);
                if (o >= 0) {
                    order = o;
                    continue;
                }
                matches.subList(before, matches.size()).clear(); // a chosen row did not match: read it all
            }
            order = scan(name, files, q, matches, records, order);
        }
        matches.sort(Comparator.comparingLong(Match::timeNanos).thenComparingLong(Match::order));
        for (Match m : matches) {
            out.write(m.line());
            out.write('\n');
        }
        out.flush();
        explain = new Explain(searched, skipped, ordered.size(), files.byName().size(), records[0], matches.size(),
                notCovered, sidecars, sidecarSkips, System.nanoTime() - t0);
    }

    public Explain explain() {
        return explain;
    }

    /**
     * Reads only the rows the sidecar chose, up to the last of them; -1 when one of them is not a
     * matching record at the sidecar's time (a stale sidecar): the caller then reads the whole file.
     */
    private long scanRows(RecordingFiles.File f, Query q, SidecarRows rows, List<Match> out, long[] records,
            long order) throws IOException {
        EntryMatcher matcher = new EntryMatcher(q.kind(), q.key());
        int next = 0;
        int row = 0;
        try (LineSource lines = reader.open(f.path())) {
            while (next < rows.count && lines.next()) {
                if (lines.currentLineUnterminated()) {
                    return -1;
                }
                if (row++ != rows.rows[next]) {
                    continue;
                }
                records[0]++;
                byte[] b = lines.array();
                int off = lines.offset();
                int len = lines.length();
                long ts = JsonScan.timestampNanos(b, off, len);
                matcher.reset();
                if (ts != rows.times[next] || view.visit(b, off, len, ts, matcher) != 1 || matcher.hits.isEmpty()
                        || matcher.ndtwin) {
                    return -1;
                }
                out.add(new Match(ts, order++, Arrays.copyOfRange(b, off, off + len)));
                next++;
            }
        } catch (IOException e) {
            return -1; // moved or damaged since the listing: the full read says what is there
        }
        return next == rows.count ? order : -1;
    }

    private long scan(String name, RecordingFiles files, Query q, List<Match> out, long[] records, long order)
            throws IOException {
        RecordingFiles.File f = files.get(name);
        LineSource in;
        try {
            in = reader.open(f.path());
        } catch (IOException e) {
            // archived (or deleted) since the listing: read it where it is now
            f = RecordingFiles.list(dir).get(name);
            if (f == null) {
                return order;
            }
            in = reader.open(f.path());
        }
        EntryMatcher matcher = new EntryMatcher(q.kind(), q.key());
        try (LineSource lines = in) {
            while (lines.next()) {
                if (lines.currentLineUnterminated()) {
                    break;
                }
                if ((++records[0] & 4095) == 0 && Thread.currentThread().isInterrupted()) {
                    throw new java.io.InterruptedIOException("lookup cancelled"); // Ctrl-C on a console
                }
                byte[] b = lines.array();
                int off = lines.offset();
                int len = lines.length();
                long ts = JsonScan.timestampNanos(b, off, len);
                if (ts == JsonScan.NO_TIMESTAMP || ts < q.fromNanos() || ts > q.toNanos()) {
                    continue;
                }
                matcher.reset();
                if (view.visit(b, off, len, ts, matcher) <= 0 || matcher.hits.isEmpty()) {
                    continue;
                }
                if (matcher.ndtwin) {
                    for (byte[] line : NdtwinEntries.linesFor(b, off, len, matcher.hits)) {
                        out.add(new Match(ts, order++, line));
                    }
                } else {
                    out.add(new Match(ts, order++, Arrays.copyOfRange(b, off, off + len)));
                }
            }
        }
        return order;
    }

    /** Rebuilds NDTwin poll lines that hold only the chosen entries of the flow array. */
    static final class NdtwinEntries {
        private NdtwinEntries() {
        }

        static List<byte[]> linesFor(byte[] b, int off, int len, List<Integer> entries) {
            NdtwinFlowPoll.Line poll = NdtwinFlowPoll.decode(b, off, len);
            List<byte[]> out = new ArrayList<>();
            if (poll == null) {
                out.add(Arrays.copyOfRange(b, off, off + len));
                return out;
            }
            byte[] arr = poll.flowArray().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            List<int[]> spans = new ArrayList<>();
            int i = JsonScan.skipWs(arr, 1, arr.length);
            while (i < arr.length && arr[i] != ']') {
                int end = JsonScan.valueEnd(arr, i, arr.length);
                if (end < 0) {
                    break;
                }
                spans.add(new int[] {i, end});
                i = JsonScan.skipWs(arr, end, arr.length);
                if (i < arr.length && arr[i] == ',') {
                    i = JsonScan.skipWs(arr, i + 1, arr.length);
                }
            }
            LineBuffer line = new LineBuffer(256);
            for (int e : entries) {
                if (e >= spans.size()) {
                    continue;
                }
                int[] s = spans.get(e);
                byte[] one = new byte[s[1] - s[0] + 2];
                one[0] = '[';
                System.arraycopy(arr, s[0], one, 1, s[1] - s[0]);
                one[one.length - 1] = ']';
                line.reset();
                NdtwinFlowPoll.write(line, poll.timestampMillis(), one, 0, one.length);
                out.add(line.toByteArray());
            }
            return out;
        }
    }
}
