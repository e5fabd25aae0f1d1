package org.nsr.index;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.nsr.config.IndexSettings;

/**
 * {@code nsr index DIR}: builds or completes the index of a recording that is not being recorded:
 * validates the index files (deleting partial and damaged ones), indexes every complete recording
 * file some index does not cover, flushes level-0 files, merges levels and removes the entries of
 * deleted files. Works on recordings made before indexing existed and on the original Python
 * recorder's files (the flow view reads their {@code flowinfo} polls). Not thread-safe.
 */
public final class IndexBuild {

    /** Told after every file: done of total, flows so far. */
    @FunctionalInterface
    public interface Progress {
        void update(int done, int total, long flows);
    }

    /**
     * What the build did, and the CPU its threads spent reading files into entries and writing and
     * merging index files (thread CPU time, all threads together).
     */
    public record Result(int filesIndexed, long flows, int merges, int filesTotal, long readCpuNanos,
            long writeCpuNanos) {
    }

    private final java.util.concurrent.atomic.AtomicLong readCpu = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong writeCpu = new java.util.concurrent.atomic.AtomicLong();

    private final Path dir;
    private final IndexSettings settings;

    private final int threads;
    private final long entryLimit;

    public IndexBuild(Path dir, IndexSettings settings) {
        // no recorder shares this process: the files' entries may wait in 2/5 of the heap, when larger
        this(dir, settings, Integer.getInteger("nsr.index.threads", defaultThreads(Runtime.getRuntime().maxMemory())),
                entryLimit(settings, Runtime.getRuntime().maxMemory()));
    }

    /**
     * @param threads threads that read files, and that write index files (1..8)
     * @param entryLimit heap bytes of read entries that wait before they are written as level-0 files:
     *     the more, the fewer and larger the files and the fewer the merges
     */
    IndexBuild(Path dir, IndexSettings settings, int threads, long entryLimit) {
        this.dir = dir;
        this.settings = settings;
        this.threads = Math.max(1, Math.min(8, threads));
        this.entryLimit = entryLimit;
    }

    /** One thread a core, and a 128 MiB of heap each: a reader's key buffers of a large file take tens of MiB. */
    private static int defaultThreads(long heap) {
        return (int) Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), heap / (128L << 20)));
    }

    /** The heap the files' builders may use: a quarter of the heap, or {@code memory} when larger. */
    private static long builderBudget(IndexSettings settings, long heap) {
        return Math.max(settings.memoryBytes(), heap / 4);
    }

    /**
     * Bytes of read entries that may wait: half of what the builders leave, less an eighth of the heap
     * (writers, garbage, and the part of regions G1 cannot use around large arrays); at least 4 MiB.
     */
    static long entryLimit(IndexSettings settings, long heap) {
        return Math.max(4L << 20, Math.min(heap * 2 / 5, (heap - builderBudget(settings, heap)) / 2 - heap / 8));
    }

    public Result run(Progress progress) throws IOException {
        Path root = IndexLayout.root(dir);
        java.nio.file.Files.createDirectories(root);
        IndexLayout.cleanSpill(root);
        // no recorder shares this process: a quarter of the heap, when larger, spares spills and small files
        MemoryBudget budget = new MemoryBudget(builderBudget(settings, Runtime.getRuntime().maxMemory()));
        List<IndexKind> kinds = settings.keys().stream().map(IndexKind::byName).toList();
        List<IndexStore> stores = new ArrayList<>();
        for (IndexKind k : kinds) {
            stores.add(IndexStore.open(k, root));
        }
        Tombstones tombstones = Tombstones.read(root);
        RecordingFiles files = RecordingFiles.list(dir);
        Set<String> gone = new HashSet<>();
        for (IndexStore s : stores) {
            s.covered().stream().filter(n -> files.get(n) == null).forEach(gone::add);
        }
        tombstones.add(gone);
        List<RecordingFiles.File> todo = files.byName().values().stream().filter(RecordingFiles.File::complete)
                .filter(f -> stores.stream().anyMatch(s -> !s.covered().contains(f.name()))).toList();
        // files are read and keyed on a few threads (the costly part), then taken in name order here;
        // the level-0 files of the kinds are written on as many threads
        java.util.concurrent.BlockingQueue<ArchiveIndexing> idle = new java.util.concurrent.ArrayBlockingQueue<>(threads);
        List<ArchiveIndexing> all = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            ArchiveIndexing a = new ArchiveIndexing(kinds, settings.inactivityTimeout().toNanos(), budget,
                    IndexLayout.spillDir(root));
            all.add(a);
            idle.add(a);
        }
        java.util.concurrent.ExecutorService pool = BuildThreads.pool(threads, threads, "nsr index reader");
        java.util.concurrent.ExecutorService writers = BuildThreads.pool(threads, kinds.size(), "nsr index writer");
        PendingEntries pending = new PendingEntries(stores, IndexLayout.spillDir(root));
        java.util.ArrayDeque<java.util.concurrent.Future<FileKeys.Sealed>> inFlight = new java.util.ArrayDeque<>();
        int done = 0;
        int merges = 0;
        int next = 0;
        try {
            while (done < todo.size()) {
                while (next < todo.size() && inFlight.size() < threads) {
                    RecordingFiles.File f = todo.get(next++);
                    inFlight.add(pool.submit(() -> {
                        ArchiveIndexing a = idle.take();
                        long c0 = BuildThreads.cpuNanos();
                        try {
                            return a.entries(f.path(), f.name());
                        } finally {
                            idle.add(a);
                            readCpu.addAndGet(BuildThreads.cpuNanos() - c0);
                        }
                    }));
                }
                FileKeys.Sealed sealed = BuildThreads.take(inFlight.removeFirst());
                RecordingFiles.File f = todo.get(done);
                for (int i = 0; i < stores.size(); i++) {
                    IndexStore st = stores.get(i);
                    IndexFile table = sealed.tables()[i];
                    if (st.covered().contains(f.name())) {
                        FileKeys.discard(new IndexFile[] {table});
                    } else if (sealed.entries()[i] != null) {
                        pending.add(i, sealed.entries()[i]);
                    } else if (table.path() == null) {
                        st.add(new MemoryTable(table));
                        budget.force(table.sizeBytes());
                    } else {
                        st.adopt(table);
                    }
                }
                done++;
                // like the recorder: memory tables are written once they pass a quarter of the budget
                // (the key buffers' reservations stay with the readers and do not count here)
                if (pending.bytes() > entryLimit || tableBytes(stores) > budget.limit() / 4
                        || budget.used() > budget.limit()) {
                    merges += flushAndMerge(stores, pending, tombstones, budget, writers);
                }
                progress.update(done, todo.size(), flows(all));
            }
            merges += flushAndMerge(stores, pending, tombstones, budget, writers);
        } finally {
            inFlight.forEach(fu -> fu.cancel(true));
            pool.shutdownNow();
            writers.shutdownNow();
            pending.clear();
        }
        Set<String> stillNamed = new HashSet<>();
        for (IndexStore s : stores) {
            s.purge(tombstones::contains);
            stillNamed.addAll(s.covered());
        }
        tombstones.retainOnly(stillNamed);
        return new Result(done, flows(all), merges, files.byName().size(), readCpu.get(), writeCpu.get());
    }

    private static long tableBytes(List<IndexStore> stores) {
        long n = 0;
        for (IndexStore s : stores) {
            n += s.currentBytes();
        }
        return n;
    }

    private static long flows(List<ArchiveIndexing> all) {
        long n = 0;
        for (ArchiveIndexing a : all) {
            n += a.flows();
        }
        return n;
    }

    /**
     * Writes what waits (each kind's primitive rows as one level-0 file, and any memory tables),
     * then merges full levels: each kind on a writer thread of its own, the largest first.
     */
    private int flushAndMerge(List<IndexStore> stores, PendingEntries pending, Tombstones tombstones,
            MemoryBudget budget, java.util.concurrent.ExecutorService writers) throws IOException {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < stores.size(); i++) {
            order.add(i);
        }
        order.sort(java.util.Comparator.comparingLong((Integer i) -> pending.bytes(i)).reversed());
        List<java.util.concurrent.Future<Integer>> work = new ArrayList<>();
        for (int i : order) {
            IndexStore s = stores.get(i);
            work.add(writers.submit(() -> {
                long c0 = BuildThreads.cpuNanos();
                try {
                    return writeAndMerge(s, i, pending, tombstones, budget);
                } finally {
                    writeCpu.addAndGet(BuildThreads.cpuNanos() - c0);
                }
            }));
        }
        int merges = 0;
        IOException failed = null;
        for (java.util.concurrent.Future<Integer> w : work) {
            try {
                merges += BuildThreads.take(w);
            } catch (IOException e) {
                failed = failed == null ? e : failed;
            }
        }
        if (failed != null) {
            throw failed;
        }
        return merges;
    }

    /** One kind's share of a flush: its waiting entries, its memory tables, then its full levels merged. */
    private int writeAndMerge(IndexStore s, int i, PendingEntries pending, Tombstones tombstones, MemoryBudget budget)
            throws IOException {
        pending.write(i);
        long held = s.currentBytes();
        s.flush();
        budget.release(held);
        int merges = 0;
        while (s.mergeOnce(settings.mergeFanout(), tombstones::contains, 3)) {
            merges++;
        }
        return merges;
    }
}
