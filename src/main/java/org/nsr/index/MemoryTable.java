package org.nsr.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The entries of one index over a set of recording files, sorted by key: what a memory table
 * holds once its files are complete, and what is written to a level-0 file. It is the bytes of an
 * index file kept on the heap (blocks of compressed entries, about the size the file will have), so
 * lookups read memory and disk with the same code and get the same answer. Immutable, so lookups
 * read it from any thread without a lock.
 */
final class MemoryTable {
    final IndexKind kind;
    final Set<String> archives;
    final IndexFile table;

    MemoryTable(IndexFile table) {
        if (table.path() != null) {
            throw new IllegalArgumentException(table + " is a file, not a memory table");
        }
        this.kind = table.kind();
        this.archives = Set.copyOf(table.archives());
        this.table = table;
    }

    /** A table of the given entries (any order; intervals are stored in whole seconds). */
    MemoryTable(IndexKind kind, Map<Key, List<Interval>> byKey, Set<String> archives) {
        this(encode(kind, byKey, archives));
    }

    private static IndexFile encode(IndexKind kind, Map<Key, List<Interval>> exact, Set<String> archives) {
        Map<Key, List<Interval>> byKey = new java.util.HashMap<>(); // keys as stored: equal fingerprints join
        exact.forEach((k, ivs) -> byKey.computeIfAbsent(new Key(kind.stored(k.bytes)), x -> new ArrayList<>())
                .addAll(ivs));
        Key[] keys = byKey.keySet().toArray(new Key[0]);
        Arrays.sort(keys);
        IndexFileWriter w = IndexFileWriter.inMemory(kind, new ArrayList<>(new java.util.TreeSet<>(archives)));
        try {
            for (Key k : keys) {
                List<Interval> ivs = new ArrayList<>(byKey.get(k));
                ivs.sort(null);
                w.add(k.bytes, ivs);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.finishInMemory();
    }

    /** The intervals of {@code key}, empty when it has none here. */
    List<Interval> lookup(byte[] key) {
        return table.lookup(key, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    int size() {
        return (int) table.entries();
    }

    /** Heap bytes held. */
    long bytes() {
        return table.sizeBytes();
    }

    /** Every key, in order (decodes the whole table: for tests and checks). */
    Key[] keys() {
        List<Key> out = new ArrayList<>();
        IndexFile.Cursor c = table.cursor();
        while (c.next()) {
            out.add(new Key(c.key));
        }
        return out.toArray(new Key[0]);
    }

    /** Every entry's intervals, in key order (decodes the whole table: for tests and checks). */
    @SuppressWarnings("unchecked")
    List<Interval>[] entries() {
        List<List<Interval>> out = new ArrayList<>();
        IndexFile.Cursor c = table.cursor();
        while (c.next()) {
            out.add(List.copyOf(c.intervals));
        }
        return out.toArray(new List[0]);
    }

    /** Builds the table of one recording file in memory, without a memory bound (tests, small files). */
    static final class Builder {
        private final TableBuilder inner;

        Builder(IndexKind kind, long timeoutNanos) {
            this.inner = new TableBuilder(kind, timeoutNanos, new MemoryBudget(Long.MAX_VALUE),
                    Path.of(System.getProperty("java.io.tmpdir")));
        }

        void add(byte[] scratchKey, long timeNanos) {
            try {
                inner.add(scratchKey, timeNanos);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        MemoryTable build(String archive) {
            try {
                return new MemoryTable(inner.seal(archive));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
