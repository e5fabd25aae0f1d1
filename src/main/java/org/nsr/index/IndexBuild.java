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

    /** What the build did. */
    public record Result(int filesIndexed, long flows, int merges, int filesTotal) {
    }

    private final Path dir;
    private final IndexSettings settings;

    public IndexBuild(Path dir, IndexSettings settings) {
        this.dir = dir;
        this.settings = settings;
    }

    public Result run(Progress progress) throws IOException {
        Path root = IndexLayout.root(dir);
        java.nio.file.Files.createDirectories(root);
        IndexLayout.cleanSpill(root);
        // no recorder shares this process: a quarter of the heap, when larger, spares spills and small files
        MemoryBudget budget = new MemoryBudget(Math.max(settings.memoryBytes(), Runtime.getRuntime().maxMemory() / 4));
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
        // files are read and keyed on a few threads (the costly part), then added in name order here
        int threads = Math.max(1, Math.min(8, Integer.getInteger("nsr.index.threads",
                Runtime.getRuntime().availableProcessors())));
        java.util.concurrent.BlockingQueue<ArchiveIndexing> idle = new java.util.concurrent.ArrayBlockingQueue<>(threads);
        List<ArchiveIndexing> all = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            ArchiveIndexing a = new ArchiveIndexing(kinds, settings.inactivityTimeout().toNanos(), budget,
                    IndexLayout.spillDir(root));
            all.add(a);
            idle.add(a);
        }
        java.util.concurrent.ExecutorService pool = new java.util.concurrent.ThreadPoolExecutor(threads, threads, 0,
                java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(threads),
                r -> {
                    Thread t = new Thread(r, "nsr index reader");
                    t.setDaemon(true);
                    return t;
                }, new java.util.concurrent.ThreadPoolExecutor.AbortPolicy());
        java.util.ArrayDeque<java.util.concurrent.Future<IndexFile[]>> inFlight = new java.util.ArrayDeque<>();
        int done = 0;
        int merges = 0;
        int next = 0;
        try {
            while (done < todo.size()) {
                while (next < todo.size() && inFlight.size() < threads) {
                    RecordingFiles.File f = todo.get(next++);
                    inFlight.add(pool.submit(() -> {
                        ArchiveIndexing a = idle.take();
                        try {
                            return a.index(f.path(), f.name());
                        } finally {
                            idle.add(a);
                        }
                    }));
                }
                IndexFile[] tables = take(inFlight.removeFirst());
                RecordingFiles.File f = todo.get(done);
                for (int i = 0; i < stores.size(); i++) {
                    IndexStore st = stores.get(i);
                    if (st.covered().contains(f.name())) {
                        FileKeys.discard(new IndexFile[] {tables[i]});
                    } else if (tables[i].path() == null) {
                        st.add(new MemoryTable(tables[i]));
                        budget.force(tables[i].sizeBytes());
                    } else {
                        st.adopt(tables[i]);
                    }
                }
                done++;
                // like the recorder: memory tables are written once they pass a quarter of the budget
                // (the key buffers' reservations stay with the readers and do not count here)
                if (tableBytes(stores) > budget.limit() / 4 || budget.used() > budget.limit()) {
                    merges += flushAndMerge(stores, tombstones, budget);
                }
                progress.update(done, todo.size(), flows(all));
            }
        } finally {
            inFlight.forEach(fu -> fu.cancel(true));
            pool.shutdownNow();
        }
        merges += flushAndMerge(stores, tombstones, budget);
        Set<String> stillNamed = new HashSet<>();
        for (IndexStore s : stores) {
            s.purge(tombstones::contains);
            stillNamed.addAll(s.covered());
        }
        tombstones.retainOnly(stillNamed);
        return new Result(done, flows(all), merges, files.byName().size());
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

    private static IndexFile[] take(java.util.concurrent.Future<IndexFile[]> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while indexing");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        }
    }

    private int flushAndMerge(List<IndexStore> stores, Tombstones tombstones, MemoryBudget budget) throws IOException {
        int merges = 0;
        for (IndexStore s : stores) {
            long held = s.currentBytes();
            s.flush();
            budget.release(held);
            while (s.mergeOnce(settings.mergeFanout(), tombstones::contains, 3)) {
                merges++;
            }
        }
        return merges;
    }
}
