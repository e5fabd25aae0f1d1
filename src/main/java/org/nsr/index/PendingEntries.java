package org.nsr.index;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The entries {@code nsr index} has read but not yet written, per kind: each recording file's
 * {@link FileEntries}, in the order the files were taken. {@link #write} merges one kind's into a
 * single level-0 file (written in the spill directory, fsynced, then adopted by the kind's store
 * under its next sequence number), so an entry is encoded once, into the file that keeps it. A
 * crash before that loses only these entries: their recording files are not yet covered and are
 * read again. {@link #add} and {@link #bytes()} on the build's thread; {@link #write} of
 * different kinds on different threads at once, while {@code add} is not called.
 */
final class PendingEntries {
    private static final AtomicLong SEQ = new AtomicLong();

    private final List<IndexStore> stores;
    private final Path spillDir;
    private final List<List<FileEntries>> byKind = new ArrayList<>();
    private final long[] kindBytes;
    private long bytes;

    PendingEntries(List<IndexStore> stores, Path spillDir) {
        this.stores = stores;
        this.spillDir = spillDir;
        this.kindBytes = new long[stores.size()];
        for (int i = 0; i < stores.size(); i++) {
            byKind.add(new ArrayList<>());
        }
    }

    void add(int kind, FileEntries e) {
        byKind.get(kind).add(e);
        kindBytes[kind] += e.bytes();
        bytes += e.bytes();
    }

    /** Heap bytes waiting, all kinds. */
    long bytes() {
        return bytes;
    }

    /** Heap bytes waiting for one kind. */
    long bytes(int kind) {
        return kindBytes[kind];
    }

    /** Writes the entries of {@code kind} as one level-0 file of its store, and forgets them. */
    void write(int kind) throws IOException {
        List<FileEntries> in = byKind.get(kind);
        if (in.isEmpty()) {
            return;
        }
        IndexStore store = stores.get(kind);
        TreeSet<String> archives = new TreeSet<>();
        in.forEach(e -> archives.add(e.archive));
        java.nio.file.Files.createDirectories(spillDir);
        Path p = spillDir.resolve(store.kind().configName() + "-" + SEQ.incrementAndGet() + ".level0");
        IndexFile written;
        try (IndexFileWriter w = IndexFileWriter.toFile(p, store.kind(), 0, new ArrayList<>(archives), List.of())) {
            FileEntries.merge(in, w);
            written = w.finish();
        }
        store.adopt(written);
        forget(kind);
    }

    private synchronized void forget(int kind) {
        byKind.get(kind).clear();
        bytes -= kindBytes[kind];
        kindBytes[kind] = 0;
    }

    /** Forgets everything (the build failed: those files are read again next time). */
    synchronized void clear() {
        byKind.forEach(List::clear);
        java.util.Arrays.fill(kindBytes, 0);
        bytes = 0;
    }
}
