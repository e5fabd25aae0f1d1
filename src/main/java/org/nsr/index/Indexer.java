package org.nsr.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.nsr.config.IndexSettings;
import org.nsr.core.Ticker;
import org.nsr.layout.RecordingFileName;
import org.nsr.lifecycle.AbstractExecutionThreadService;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.nsr.sink.FileEvent;
import org.nsr.sink.FileEvents;
import org.nsr.sink.Sink;
import org.nsr.sink.SinkFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index of a recording while it records: one {@link IndexStore} per configured key, fed by one
 * {@link IndexFeed} per source, maintained by this service's thread, which adds sealed tables,
 * flushes the memory tables, merges levels, indexes files the live feed missed (catch-up) and
 * removes the entries of deleted files.
 *
 * <p>At start the index files are validated ({@link IndexStore#open}) and every complete
 * recording file not yet covered by every index is queued for catch-up. When writing an index file
 * fails (a full disk), indexing pauses for {@link #PAUSE}, counted in {@code nsr_index_paused_total}
 * and logged; the tables that could not be written are indexed again later from their files.
 * Recording never waits for any of this: the feeds drop and count instead.
 *
 * <p>Threading: {@link #sealed} from feed threads, {@link #onFileEvent} from writer, compression and
 * retention threads, {@link #lookup} from any thread; the rest on the service's thread.
 */
public final class Indexer extends AbstractExecutionThreadService implements FileEvents.Listener {
    private static final Logger log = LoggerFactory.getLogger(Indexer.class);
    static final long PAUSE_NANOS = 5_000_000_000L;
    /**
     * Catch-up waits until no feed has dropped for this long: a dropping feed means recording needs
     * the CPU, and indexing a file again from its archive (inflate, parse) would compete with it.
     */
    static final long CATCH_UP_QUIET_NANOS = 30_000_000_000L;
    private static final int MAX_LEVEL = 3;
    private static final int FEED_CAPACITY = 16_384;

    /** The tables of one completed file, or null tables when the file must be indexed from itself. */
    private record Sealed(String archive, IndexFile[] tables) {
    }

    private final Path outputDir;
    private final Path indexRoot;
    private final IndexSettings settings;
    private final List<IndexKind> kinds;
    private final Ticker ticker;
    private final Metrics metrics;
    private final MemoryBudget budget;
    private final Path spillDir;
    private final ArrayBlockingQueue<Sealed> inbox = new ArrayBlockingQueue<>(64);
    private final Map<String, IndexFeed> feeds = new ConcurrentHashMap<>();
    private final ArrayDeque<String> catchUp = new ArrayDeque<>();
    private final Set<String> catchUpQueued = new HashSet<>();
    private final Counter pauses;
    private final Counter writeFailures;
    private final Counter caughtUp;
    private final Counter merges;
    private final List<KindWorker> workers;
    private volatile List<IndexStore> stores = List.of();
    private volatile Tombstones tombstones;
    private volatile boolean stopping;
    private volatile long lastDropNanos;
    private volatile boolean dropSeen;
    private volatile boolean catchUpDeferred;
    private volatile int backlog;
    private long pausedUntil = Long.MIN_VALUE;
    private long firstUnflushed = -1;

    public Indexer(Path outputDir, IndexSettings settings, Ticker ticker, Metrics metrics) {
        super("indexer");
        this.outputDir = outputDir;
        this.indexRoot = IndexLayout.root(outputDir);
        this.settings = settings;
        this.kinds = settings.keys().stream().map(IndexKind::byName).toList();
        this.ticker = ticker;
        this.metrics = metrics;
        this.budget = new MemoryBudget(settings.memoryBytes());
        this.spillDir = IndexLayout.spillDir(indexRoot);
        List<KindWorker> ws = new ArrayList<>();
        for (IndexKind k : kinds) {
            ws.add(new KindWorker(k, settings.inactivityTimeout().toNanos(), budget, spillDir));
        }
        this.workers = List.copyOf(ws);
        metrics.gauge("nsr_index_memory_bytes", "Heap bytes the index holds: key buffers and memory tables",
                budget::used);
        this.pauses = metrics.counter("nsr_index_paused_total", "Times indexing paused because an index file could "
                + "not be written (disk full)");
        this.writeFailures = metrics.counter("nsr_index_write_failures_total", "Index files that could not be written");
        this.caughtUp = metrics.counter("nsr_index_catchup_files_total", "Recording files indexed from the file "
                + "itself: missed by the live feed, or not covered at start");
        this.merges = metrics.counter("nsr_index_merges_total", "Index files merged into a higher level");
        metrics.gauge("nsr_index_catchup_backlog", "Recording files waiting to be indexed from the file", () -> backlog);
        metrics.gauge("nsr_index_catchup_deferred", "1 while catch-up waits because a feed dropped records in the last "
                + CATCH_UP_QUIET_NANOS / 1_000_000_000L + " s (recording needs the CPU)", () -> catchUpDeferred ? 1 : 0);
    }

    List<IndexKind> kinds() {
        return kinds;
    }

    long timeoutNanos() {
        return settings.inactivityTimeout().toNanos();
    }

    MemoryBudget budget() {
        return budget;
    }

    Path spillDir() {
        return spillDir;
    }

    /** The threads of the kinds, in the order of {@link #kinds()}. */
    List<KindWorker> workers() {
        return workers;
    }

    /** The sink type that gives every source its index feed. */
    public SinkFactory sinkFactory() {
        return new SinkFactory() {
            @Override
            public List<Sink> create(String source, org.nsr.metrics.Metrics m) {
                IndexFeed feed = new IndexFeed(source, Indexer.this, FEED_CAPACITY, m);
                feeds.put(source, feed);
                return List.<Sink>of(feed);
            }

            @Override
            public boolean followsWriter() {
                return true; // a feed maps each completed file's sequence numbers to its records
            }
        };
    }

    @Override
    public void onFileEvent(FileEvent event) {
        if (event instanceof FileEvent.FileCompleted c) {
            IndexFeed feed = feeds.get(c.source());
            if (feed != null) {
                feed.fileCompleted(c);
            }
        } else if (event instanceof FileEvent.FileDeleted d) {
            RecordingFileName.ParsedName n = RecordingFileName.parse(d.file().getFileName().toString());
            Tombstones t = tombstones;
            if (n != null && t != null) {
                try {
                    t.add(Set.of(RecordingFiles.nameOf(n.name())));
                } catch (IOException e) {
                    log.warn("index: cannot record that {} was deleted: {}; lookups skip files that are gone",
                            d.file(), e.toString());
                }
            }
        }
    }

    /** A feed sealed the tables of one completed file; null tables: index it from the file. */
    void sealed(String archive, IndexFile[] tables) throws InterruptedException {
        Sealed s = new Sealed(archive, tables);
        while (!inbox.offer(s, 100, TimeUnit.MILLISECONDS)) {
            if (stopping && state() != State.RUNNING && state() != State.STOPPING) {
                if (tables != null) {
                    FileKeys.discard(tables);
                }
                return;
            }
        }
    }

    @Override
    protected void startUp() throws IOException {
        Files.createDirectories(indexRoot);
        IndexLayout.cleanSpill(indexRoot);
        List<IndexStore> opened = new ArrayList<>();
        for (IndexKind k : kinds) {
            IndexStore s = IndexStore.open(k, indexRoot);
            metrics.counter("nsr_index_discarded_files_total", "Index files found partial or damaged at start and "
                    + "deleted", "index", k.configName()).add(s.discardedAtOpen());
            metrics.gauge("nsr_index_files", "Index files on disk", () -> s.files().size(), "index", k.configName());
            for (int level = 0; level <= MAX_LEVEL; level++) {
                int l = level; // for the dashboard's files-per-level panel
                metrics.gauge("nsr_index_level_files", "Index files on disk at one merge level",
                        () -> s.files().stream().filter(f -> f.level() == l).count(), "index", k.configName(),
                        "level", Integer.toString(l));
            }
            opened.add(s);
        }
        stores = List.copyOf(opened);
        tombstones = Tombstones.read(indexRoot);
        RecordingFiles files = RecordingFiles.list(outputDir);
        Set<String> gone = new HashSet<>();
        for (IndexStore s : stores) {
            Set<String> covered = s.covered();
            for (String name : covered) {
                if (files.get(name) == null) {
                    gone.add(name);
                }
            }
        }
        tombstones.add(gone); // deleted while no indexer listened
        for (RecordingFiles.File f : files.byName().values()) {
            if (f.complete() && stores.stream().anyMatch(s -> !s.covered().contains(f.name()))) {
                queueCatchUp(f.name());
            }
        }
        workers.forEach(KindWorker::start);
        log.info("index: {} key(s) {} under {}; {} recording file(s) to index from the files", kinds.size(),
                settings.keys(), indexRoot, catchUp.size());
    }

    private void queueCatchUp(String name) {
        if (catchUpQueued.add(name)) {
            catchUp.add(name);
            backlog = catchUp.size();
        }
    }

    @Override
    protected void run() throws InterruptedException {
        ArchiveIndexing indexing = new ArchiveIndexing(kinds, timeoutNanos(), budget, spillDir);
        while (true) {
            boolean catchUpNow = !catchUp.isEmpty() && !shedCatchUp();
            Sealed s = inbox.poll(catchUpNow ? 0 : 200, TimeUnit.MILLISECONDS);
            if (s != null) {
                take(s);
                continue;
            }
            if (stopping && inbox.isEmpty()) {
                stopWorkers();
                tryFlush();
                if (!catchUp.isEmpty()) {
                    log.info("index: {} recording file(s) not indexed yet at stop; they are indexed from the files at "
                            + "the next start or by nsr index", catchUp.size());
                }
                return;
            }
            if (ticker.nanoTime() < pausedUntil) {
                continue;
            }
            if (firstUnflushed >= 0 && (ticker.nanoTime() - firstUnflushed > settings.flushInterval().toNanos()
                    || memoryTableBytes() > budget.limit() / 4)) {
                tryFlush();
            }
            if (catchUpNow) {
                catchUpOne(indexing);
                continue;
            }
            maintain();
        }
    }

    /** The feeds have stopped: lets the kind threads finish their seals and takes the tables they hand over. */
    private void stopWorkers() throws InterruptedException {
        List<KindWorker> pending = new ArrayList<>(workers);
        while (true) {
            pending.removeIf(w -> {
                try {
                    return w.requestStop(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return true;
                }
            });
            Sealed s = inbox.poll(10, TimeUnit.MILLISECONDS);
            if (s != null) {
                take(s);
            }
            if (pending.isEmpty() && workers.stream().noneMatch(KindWorker::alive)) {
                Sealed last;
                while ((last = inbox.poll()) != null) {
                    take(last);
                }
                return;
            }
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    private void take(Sealed s) {
        if (s.tables() == null) {
            queueCatchUp(s.archive());
            return;
        }
        for (int i = 0; i < stores.size(); i++) {
            IndexFile t = s.tables()[i];
            IndexStore st = stores.get(i);
            if (st.covered().contains(s.archive())) {
                FileKeys.discard(new IndexFile[] {t});
            } else if (t.path() == null) {
                st.add(new MemoryTable(t));
                budget.force(t.sizeBytes());
            } else {
                try {
                    st.adopt(t);
                } catch (IOException e) {
                    FileKeys.discard(new IndexFile[] {t});
                    writeFailed(st, e);
                    queueCatchUp(s.archive());
                }
            }
        }
        if (firstUnflushed < 0) {
            firstUnflushed = ticker.nanoTime();
        }
    }

    /** A feed just began dropping records (called on a source's producer thread: cheap). */
    void feedDropped() {
        lastDropNanos = ticker.nanoTime();
        dropSeen = true;
    }

    /** True while catch-up waits for the feeds to keep up; logs each change. */
    private boolean shedCatchUp() {
        boolean shed = dropSeen && ticker.nanoTime() - lastDropNanos < CATCH_UP_QUIET_NANOS;
        if (shed != catchUpDeferred) {
            catchUpDeferred = shed;
            if (shed) {
                log.info("index: catch-up of {} recording file(s) waits: the feeds drop records, so recording needs the "
                        + "CPU (nsr_index_catchup_backlog shows the lag)", catchUp.size());
            } else {
                log.info("index: the feeds kept up for {} s: catching up {} recording file(s)",
                        CATCH_UP_QUIET_NANOS / 1_000_000_000L, catchUp.size());
            }
        }
        return shed;
    }

    private void catchUpOne(ArchiveIndexing indexing) {
        String name = catchUp.poll();
        catchUpQueued.remove(name);
        backlog = catchUp.size();
        try {
            RecordingFiles.File f = RecordingFiles.list(outputDir).get(name);
            if (f == null || !f.complete() || tombstones.contains(name)) {
                return; // deleted meanwhile, or its data went on into the archive under the same name
            }
            // A stop does not wait for catch-up: the file stays unindexed and the next start queues it again.
            IndexFile[] tables = indexing.index(f.path(), name, () -> stopping);
            if (tables == null) {
                queueCatchUp(name);
                return;
            }
            take(new Sealed(name, tables));
            caughtUp.increment();
        } catch (IOException e) {
            log.warn("index: cannot read {} to index it: {}; it is tried again at the next start", name, e.toString());
        }
    }

    private long memoryTableBytes() {
        long n = 0;
        for (IndexStore s : stores) {
            n += s.currentBytes();
        }
        return n;
    }

    private void tryFlush() {
        for (IndexStore s : stores) {
            long held = s.currentBytes();
            try {
                s.flush();
                budget.release(held);
            } catch (IOException | RuntimeException e) {
                writeFailed(s, e);
                return;
            }
        }
        firstUnflushed = -1;
    }

    /** One merge or tombstone purge per call, so sealed tables never wait long. */
    private void maintain() {
        for (IndexStore s : stores) {
            try {
                if (s.mergeOnce(settings.mergeFanout(), tombstones::contains, MAX_LEVEL)) {
                    merges.increment();
                    return;
                }
            } catch (IOException | RuntimeException e) {
                writeFailed(s, e);
                return;
            }
        }
        if (tombstones.names().isEmpty()) {
            return;
        }
        Set<String> stillNamed = new HashSet<>();
        for (IndexStore s : stores) {
            try {
                s.purge(tombstones::contains);
            } catch (IOException | RuntimeException e) {
                writeFailed(s, e);
                return;
            }
            stillNamed.addAll(s.covered());
        }
        try {
            tombstones.retainOnly(stillNamed);
        } catch (IOException e) {
            writeFailed(stores.get(0), e);
        }
    }

    private void writeFailed(IndexStore s, Exception e) {
        writeFailures.increment();
        pauses.increment();
        pausedUntil = ticker.nanoTime() + PAUSE_NANOS;
        // the tables that could not be written are forgotten; their files are indexed from themselves later
        for (IndexStore st : stores) {
            budget.release(st.currentBytes());
            for (String name : st.dropMemory()) {
                queueCatchUp(name);
            }
        }
        firstUnflushed = -1;
        log.warn("index {}: cannot write an index file ({}); indexing pauses for {} s, recording goes on, "
                + "the files not yet indexed are indexed later", s.kind().configName(), e.toString(),
                PAUSE_NANOS / 1_000_000_000L);
    }

    @Override
    protected void triggerShutdown() {
        stopping = true;
    }

    /** The intervals of {@code key} in [from, to], memory and disk as one set, without deleted files. */
    public IndexStore.Answer lookup(IndexKind kind, byte[] key, long fromNanos, long toNanos) {
        for (IndexStore s : stores) {
            if (s.kind() == kind) {
                IndexStore.Answer a = s.lookup(key, fromNanos, toNanos);
                Tombstones t = tombstones;
                List<Interval> live = a.intervals().stream().filter(iv -> !t.contains(iv.archive())).toList();
                return new IndexStore.Answer(live, a.covered(), a.filesSearched(), a.filesSkipped(), a.memoryTables());
            }
        }
        throw new IllegalArgumentException("index " + kind.configName() + " is not configured");
    }

    public List<IndexStore> stores() {
        return stores;
    }
}
