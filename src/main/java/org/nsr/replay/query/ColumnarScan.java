package org.nsr.replay.query;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.nsr.archive.ArchiveReader;
import org.nsr.replay.columns.ColumnBuild;
import org.nsr.replay.columns.ColumnReader;
import org.nsr.replay.columns.DamagedColumnsException;
import org.nsr.config.ConfigException;
import org.nsr.replay.ReadSelection;
import org.nsr.replay.ReadStats;
import org.nsr.replay.RecordMerger;
import org.nsr.replay.RecordView;
import org.nsr.replay.RecordingFile;
import org.nsr.replay.RecordingIndex;
import org.nsr.replay.TimeRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a query's {@link FlowAggregator} from a recording, reading each archive's column sidecar
 * when it has a sound one and its records otherwise. The same files are chosen as a plain read
 * would choose (same sources, same pruning by time) and records outside the time range are left
 * out, so the answer is the same either way. Sidecars are decoded on {@code threads} threads, each
 * into a sibling aggregator merged at the end, while this thread reads the other files. A damaged
 * or stale sidecar is logged, counted, and its archive read instead.
 */
public final class ColumnarScan {
    private static final Logger LOG = LoggerFactory.getLogger(ColumnarScan.class);

    private final AtomicLong sidecarsRead = new AtomicLong();
    private final AtomicLong sidecarsDamaged = new AtomicLong();
    private final List<RecordingFile> fallbacks = Collections.synchronizedList(new ArrayList<>());

    /** Sidecars read instead of their archives. */
    public long sidecarsRead() {
        return sidecarsRead.get();
    }

    /** Sidecars found damaged or stale; their archives were read instead. */
    public long sidecarsDamaged() {
        return sidecarsDamaged.get();
    }

    /**
     * Scans the selected files into {@code agg}.
     *
     * @param useColumns false reads every archive's records (the sidecars are ignored)
     */
    public void scan(RecordingIndex index, ReadSelection sel, ArchiveReader reader, ReadStats stats,
            FlowAggregator agg, boolean useColumns, int threads) throws ConfigException, InterruptedException {
        List<RecordingFile> toRead;
        try (RecordMerger planned = new RecordMerger(index, sel, reader, stats)) { // an unknown --source fails here
            toRead = planned.filesToRead();
        }
        List<RecordingFile> columnar = new ArrayList<>();
        if (useColumns) {
            for (RecordingFile f : toRead) {
                if (f.isArchive() && Files.isRegularFile(ColumnBuild.sidecarOf(f))) {
                    columnar.add(f);
                }
            }
        }
        if (columnar.isEmpty()) {
            readRecords(index, sel, reader, stats, agg, f -> true);
            return;
        }
        List<FlowAggregator> siblings = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        AtomicInteger next = new AtomicInteger();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < Math.max(1, Math.min(threads, columnar.size())); i++) {
            FlowAggregator sibling = agg.sibling();
            siblings.add(sibling);
            Thread t = new Thread(() -> decode(columnar, next, sel.range(), sibling), "query column reader " + i);
            t.setUncaughtExceptionHandler((th, e) -> failures.add(e));
            workers.add(t);
            t.start();
        }
        java.util.Set<java.nio.file.Path> sidecarFiles = new java.util.HashSet<>();
        columnar.forEach(f -> sidecarFiles.add(f.path()));
        try {
            readRecords(index, sel, reader, stats, agg, f -> !sidecarFiles.contains(f.path()));
        } finally {
            for (Thread t : workers) {
                t.join();
            }
        }
        if (!failures.isEmpty()) {
            siblings.forEach(FlowAggregator::close);
            throw new IllegalStateException("a column reader failed: " + failures.get(0), failures.get(0));
        }
        for (int i = 0; i < siblings.size(); i++) {
            agg.mergeFrom(siblings.get(i));
            siblings.get(i).close();
            siblings.set(i, null); // its table can go before the next merge
        }
        if (!fallbacks.isEmpty()) {
            java.util.Set<java.nio.file.Path> again = new java.util.HashSet<>();
            fallbacks.forEach(f -> again.add(f.path()));
            readRecords(index, sel, reader, stats, agg, f -> again.contains(f.path()));
        }
    }

    private void decode(List<RecordingFile> files, AtomicInteger next, TimeRange range, FlowAggregator agg) {
        int i;
        ColumnReader.Buffers buffers = new ColumnReader.Buffers();
        while ((i = next.getAndIncrement()) < files.size()) {
            RecordingFile f = files.get(i);
            ColumnReader columns;
            try {
                columns = ColumnReader.open(ColumnBuild.sidecarOf(f), Files.size(f.path()), buffers);
            } catch (DamagedColumnsException | IOException e) {
                damaged(f, e);
                continue;
            }
            long[] inRange = {0};
            boolean all = range.equals(TimeRange.ALL);
            try {
                columns.forEach((t, src, dst, sp, dp, proto, packets, bytes) -> {
                    if (all || range.contains(t)) {
                        inRange[0]++;
                        agg.flow(t, src, dst, sp, dp, proto, packets, bytes, Double.NaN, Double.NaN);
                    }
                });
            } catch (DamagedColumnsException e) {
                // checked whole on open, so only a decompressor fault lands here; its flows are already in
                throw new IllegalStateException(f.path() + ": " + e.getMessage(), e);
            }
            agg.countRecords(inRange[0]);
            sidecarsRead.incrementAndGet();
        }
    }

    private void damaged(RecordingFile f, Exception e) {
        sidecarsDamaged.incrementAndGet();
        fallbacks.add(f);
        LOG.warn("{}: the column sidecar is not usable ({}); reading the archive instead", f.path(), e.getMessage());
    }

    /**
     * The selection restricted to the selected sources that have files here (a source whose files
     * all went to the sidecar readers is no unknown source); null when none is left.
     */
    private static ReadSelection selectionFor(RecordingIndex kept, ReadSelection sel) {
        if (sel.sources().isEmpty()) {
            return sel;
        }
        java.util.Set<String> left = new java.util.TreeSet<>();
        for (String s : sel.sources()) {
            if (!kept.files(s).isEmpty()) {
                left.add(s);
            }
        }
        return left.isEmpty() ? null : new ReadSelection(left, sel.range());
    }

    private static void readRecords(RecordingIndex index, ReadSelection sel, ArchiveReader reader, ReadStats stats,
            FlowAggregator agg, java.util.function.Predicate<RecordingFile> keep) throws ConfigException {
        RecordingIndex kept = index.retain(keep);
        ReadSelection keptSel = selectionFor(kept, sel);
        if (keptSel == null) {
            return;
        }
        try (RecordMerger merger = new RecordMerger(kept, keptSel, reader, stats)) {
            RecordView r;
            while ((r = merger.next()) != null) {
                agg.accept(r);
            }
        }
    }
}
