package org.nsr.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One index (one key kind): its double-buffered memory tables and its sorted files in levels under
 * {@code .nsr/index/<kind>/}. Lookups read one immutable {@link State} snapshot (current tables,
 * the tables being flushed, the files), so an entry is seen exactly once whether it is in memory,
 * being written or merged: a flush or merge publishes its result and retires its inputs in one
 * atomic swap.
 *
 * <p>Threading: {@link #add}, {@link #flush}, {@link #mergeOnce} and {@link #purge} are called by
 * one maintaining thread; {@link #state()} and {@link #lookup} from any thread.
 */
public final class IndexStore {
    private static final Logger log = LoggerFactory.getLogger(IndexStore.class);

    /** What a lookup sees: immutable. */
    record State(List<MemoryTable> current, List<MemoryTable> flushing, List<IndexFile> files) {
        /** Every recording file covered by this snapshot. */
        Set<String> covered() {
            Set<String> all = new HashSet<>();
            current.forEach(t -> all.addAll(t.archives));
            flushing.forEach(t -> all.addAll(t.archives));
            files.forEach(f -> all.addAll(f.archives()));
            return all;
        }
    }

    /** What one lookup found and did. */
    public record Answer(List<Interval> intervals, Set<String> covered, int filesSearched, int filesSkipped,
            int memoryTables) {
    }

    private final IndexKind kind;
    private final Path dir;
    private final AtomicReference<State> state = new AtomicReference<>(new State(List.of(), List.of(), List.of()));
    private long nextSeq;
    private int discarded;

    private IndexStore(IndexKind kind, Path dir) {
        this.kind = kind;
        this.dir = dir;
    }

    /**
     * Opens the index in {@code dir}, validating every file: a partial ({@code .tmp}) or damaged
     * file is deleted, and so is a file a completed merge replaced but had not yet deleted.
     */
    public static IndexStore open(IndexKind kind, Path indexRoot) throws IOException {
        IndexStore s = new IndexStore(kind, indexRoot.resolve(kind.configName()));
        Files.createDirectories(s.dir);
        List<IndexFile> valid = new ArrayList<>();
        long maxSeq = 0;
        try (Stream<Path> list = Files.list(s.dir)) {
            for (Path p : list.sorted().toList()) {
                String n = p.getFileName().toString();
                if (n.endsWith(".tmp")) {
                    log.info("index {}: deleting the partial file {} left by a crash", kind.configName(), n);
                    Files.deleteIfExists(p);
                    s.discarded++;
                    continue;
                }
                long seq = IndexFile.sequenceOf(p);
                if (seq < 0) {
                    continue;
                }
                maxSeq = Math.max(maxSeq, seq);
                try {
                    valid.add(IndexFile.open(p, true));
                } catch (IOException e) {
                    log.warn("index {}: discarding {}: {}; its recording files are indexed again", kind.configName(),
                            n, e.getMessage());
                    Files.deleteIfExists(p);
                    s.discarded++;
                }
            }
        }
        Set<Long> replaced = new HashSet<>();
        valid.forEach(f -> replaced.addAll(f.replaces()));
        List<IndexFile> live = new ArrayList<>();
        for (IndexFile f : valid) {
            if (replaced.contains(f.sequence())) {
                log.info("index {}: deleting {}, already merged into a later file", kind.configName(),
                        f.path().getFileName());
                Files.deleteIfExists(f.path());
            } else {
                live.add(f);
            }
        }
        s.nextSeq = maxSeq + 1;
        s.state.set(new State(List.of(), List.of(), List.copyOf(live)));
        return s;
    }

    public IndexKind kind() {
        return kind;
    }

    State state() {
        return state.get();
    }

    /** Files deleted at open as partial or damaged. */
    public int discardedAtOpen() {
        return discarded;
    }

    /** The recording files whose entries this index holds, in memory or on disk. */
    public Set<String> covered() {
        return state.get().covered();
    }

    public List<IndexFile> files() {
        return state.get().files();
    }

    /** Adds the complete entries of one or more recording files to the current memory table. */
    void add(MemoryTable table) {
        State s = state.get();
        List<MemoryTable> cur = new ArrayList<>(s.current());
        cur.add(table);
        state.set(new State(List.copyOf(cur), s.flushing(), s.files()));
    }

    /** Entries in the current memory table. */
    int currentEntries() {
        return state.get().current().stream().mapToInt(MemoryTable::size).sum();
    }

    /**
     * Swaps the memory tables and writes the full one as a level-0 file. On failure the tables are
     * forgotten (their files become uncovered and are indexed again later) and the error is thrown.
     *
     * @return the recording files written, empty when there was nothing to flush
     */
    Set<String> flush() throws IOException {
        State s = state.get();
        if (s.current().isEmpty()) {
            return Set.of();
        }
        State swapping = new State(List.of(), s.current(), s.files());
        state.set(swapping);
        Set<String> archives = new TreeSet<>();
        s.current().forEach(t -> archives.addAll(t.archives));
        try {
            Path target = dir.resolve(IndexFile.fileName(0, nextSeq++));
            IndexFile written;
            try (IndexFileWriter w = IndexFileWriter.toFile(target, kind, 0, new ArrayList<>(archives), List.of())) {
                EntryMerge.merge(s.current().stream().map(t -> t.table).toList(), w, name -> false);
                written = w.finish();
            }
            List<IndexFile> files = new ArrayList<>(s.files());
            files.add(written);
            state.set(new State(state.get().current(), List.of(), List.copyOf(files)));
            return archives;
        } catch (IOException | RuntimeException e) {
            List<MemoryTable> back = new ArrayList<>(s.current());
            back.addAll(state.get().current());
            state.set(new State(List.copyOf(back), List.of(), s.files()));
            throw e;
        }
    }

    /**
     * Takes in a level-0 file a builder wrote outside the index (a table too large for memory):
     * renames it into this index and publishes it in one step.
     */
    void adopt(IndexFile sealed) throws IOException {
        Path target = dir.resolve(IndexFile.fileName(0, nextSeq++));
        org.nsr.layout.FileSync.rename(sealed.path(), target);
        org.nsr.layout.FileSync.syncDirectory(dir);
        IndexFile f = IndexFile.open(target, false);
        State s = state.get();
        List<IndexFile> files = new ArrayList<>(s.files());
        files.add(f);
        state.set(new State(s.current(), s.flushing(), List.copyOf(files)));
    }

    /** Heap bytes of the current memory tables. */
    long currentBytes() {
        return state.get().current().stream().mapToLong(MemoryTable::bytes).sum();
    }

    /** Forgets the memory tables (after a write failure); returns the recording files they covered. */
    Set<String> dropMemory() {
        State s = state.get();
        Set<String> names = new HashSet<>();
        s.current().forEach(t -> names.addAll(t.archives));
        s.flushing().forEach(t -> names.addAll(t.archives));
        state.set(new State(List.of(), List.of(), s.files()));
        return names;
    }

    /**
     * Merges the {@code fanout} oldest files of the lowest level that has that many into one file
     * of the next level, dropping the entries of deleted recording files.
     *
     * @return true if a merge was done
     */
    boolean mergeOnce(int fanout, Predicate<String> deleted, int maxLevel) throws IOException {
        List<IndexFile> files = state.get().files();
        for (int level = 0; level < maxLevel; level++) {
            final int l = level;
            List<IndexFile> at = files.stream().filter(f -> f.level() == l)
                    .sorted(Comparator.comparingLong(IndexFile::sequence)).toList();
            if (at.size() >= fanout) {
                replace(at.subList(0, fanout), level + 1, deleted);
                return true;
            }
        }
        return false;
    }

    /** Rewrites, at its own level, every file that names a deleted recording file: removes the tombstones. */
    int purge(Predicate<String> deleted) throws IOException {
        int n = 0;
        for (IndexFile f : state.get().files()) {
            if (f.archives().stream().anyMatch(deleted)) {
                replace(List.of(f), f.level(), deleted);
                n++;
            }
        }
        return n;
    }

    private void replace(List<IndexFile> inputs, int level, Predicate<String> deleted) throws IOException {
        Set<String> archives = new TreeSet<>();
        List<Long> seqs = new ArrayList<>();
        for (IndexFile f : inputs) {
            f.archives().stream().filter(deleted.negate()).forEach(archives::add);
            seqs.add(f.sequence());
        }
        Path target = dir.resolve(IndexFile.fileName(level, nextSeq++));
        IndexFile merged;
        try (IndexFileWriter w = IndexFileWriter.toFile(target, kind, level, new ArrayList<>(archives), seqs)) {
            EntryMerge.merge(inputs, w, deleted);
            merged = w.finish();
        }
        State s = state.get();
        List<IndexFile> files = new ArrayList<>(s.files());
        files.removeAll(inputs);
        files.add(merged);
        state.set(new State(s.current(), s.flushing(), List.copyOf(files)));
        for (IndexFile f : inputs) {
            Files.deleteIfExists(f.path()); // mapped readers keep reading the unlinked file
        }
    }

    /** The intervals of {@code key} overlapping [from, to] across memory and every level: one snapshot. */
    public Answer lookup(byte[] key, long fromNanos, long toNanos) {
        State s = state.get();
        List<Interval> out = new ArrayList<>();
        int searched = 0;
        int skipped = 0;
        for (List<MemoryTable> tables : List.of(s.current(), s.flushing())) {
            for (MemoryTable t : tables) {
                for (Interval iv : t.lookup(key)) {
                    if (iv.overlaps(fromNanos, toNanos)) {
                        out.add(iv);
                    }
                }
            }
        }
        for (IndexFile f : s.files()) {
            if (f.maxTime() < fromNanos || f.minTime() > toNanos) {
                skipped++;
                continue;
            }
            searched++;
            out.addAll(f.lookup(key, fromNanos, toNanos));
        }
        out.sort(null);
        return new Answer(out, s.covered(), searched, skipped, s.current().size() + s.flushing().size());
    }
}
