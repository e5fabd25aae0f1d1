package org.nsr.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.FlowView;
import org.nsr.record.codec.FlowVisitor;

/**
 * Turns the lines of one recording file into one {@link TableBuilder} per index kind: the flows of
 * each line (through the flow view, so every line kind with flows is indexed) give their
 * normalised keys and times. Memory is bounded by the {@link MemoryBudget}; what does not fit is
 * spilled to sorted runs under {@code spillDir}. Not thread-safe: one per indexing thread.
 */
final class FileKeys implements FlowVisitor {
    private final List<IndexKind> kinds;
    private final long timeoutNanos;
    private final FlowView view = new FlowView();
    private final byte[][] scratch;
    private final MemoryBudget budget;
    private final Path spillDir;
    private TableBuilder[] builders;
    private final IndexKind[] kindArray;
    private final long[] words = new long[2];
    /** Keys go in as packed words, made from the flow's fields (no key bytes, no lambda). */
    private final boolean wordPath;
    private long flows;
    private long malformed;
    private long time;

    FileKeys(List<IndexKind> kinds, long timeoutNanos, MemoryBudget budget, Path spillDir) {
        this.kinds = List.copyOf(kinds);
        this.timeoutNanos = timeoutNanos;
        this.budget = budget;
        this.spillDir = spillDir;
        this.scratch = new byte[kinds.size()][];
        this.builders = new TableBuilder[kinds.size()];
        this.kindArray = kinds.toArray(new IndexKind[0]);
        boolean all = true;
        for (int i = 0; i < kinds.size(); i++) {
            scratch[i] = new byte[kinds.get(i).width()];
            builders[i] = new TableBuilder(kinds.get(i), timeoutNanos, budget, spillDir);
            all &= builders[i].oneWord() && FlowKeyWords.supports(kinds.get(i));
        }
        this.wordPath = all;
    }

    /**
     * The file's entries so far, one per kind: as primitive rows ({@link FileEntries}) where the
     * builder holds them so, else as a table (on the heap, or a file in the spill directory); and a
     * fresh start. Exactly one of {@code entries[i]} and {@code tables[i]} is set.
     */
    record Sealed(FileEntries[] entries, IndexFile[] tables) {
        long entryBytes() {
            long n = 0;
            for (FileEntries e : entries) {
                n += e == null ? 0 : e.bytes();
            }
            return n;
        }
    }

    Sealed sealEntries(String archive) throws IOException {
        FileEntries[] entries = new FileEntries[builders.length];
        IndexFile[] out = new IndexFile[builders.length];
        try {
            for (int i = 0; i < builders.length; i++) {
                entries[i] = builders[i].sealEntries(archive);
                if (entries[i] == null) {
                    out[i] = builders[i].seal(archive);
                }
            }
        } catch (IOException | RuntimeException e) {
            reset();
            discard(out);
            throw e;
        }
        return new Sealed(entries, out);
    }

    /** Starts a new file, forgetting what was held. */
    void reset() {
        for (TableBuilder b : builders) {
            b.reset();
        }
    }

    /** Indexes the flows of one line; returns the flows seen or a {@link FlowView} code. */
    int line(byte[] b, int off, int len, long timestampNanos) {
        int n = view.visit(b, off, len, timestampNanos, this);
        if (n == FlowView.MALFORMED) {
            malformed++;
        }
        return n;
    }

    @Override
    public void flow(Flow f) {
        flow(f.timeNanos(), f.protocol(), f.srcIp(), f.srcPort(), f.dstIp(), f.dstPort());
    }

    /** Indexes one flow given as primitives (a column sidecar's row). */
    void flow(long timeNanos, int protocol, int srcIp, int srcPort, int dstIp, int dstPort) {
        flows++;
        if (srcIp == 0 && dstIp == 0) {
            return; // as IndexKind.addressable: a flow without addresses has no key worth indexing
        }
        time = timeNanos;
        if (wordPath) {
            try {
                for (int i = 0; i < builders.length; i++) {
                    int m = FlowKeyWords.words(kindArray[i], protocol, srcIp, srcPort, dstIp, dstPort, words);
                    builders[i].addWord(words[0], timeNanos);
                    if (m == 2) {
                        builders[i].addWord(words[1], timeNanos);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a spill failed: the caller gives up on this file
            }
            return;
        }
        for (int i = 0; i < builders.length; i++) {
            TableBuilder b = builders[i];
            kinds.get(i).keys(protocol, srcIp, srcPort, dstIp, dstPort, scratch[i], k -> {
                try {
                    b.add(k, time);
                } catch (IOException e) {
                    throw new UncheckedIOException(e); // a spill failed: the caller gives up on this file
                }
            });
        }
    }

    /** Keys held so far, all kinds together. */
    long keysHeld() {
        long n = 0;
        for (TableBuilder b : builders) {
            n += b.held();
        }
        return n;
    }

    long flows() {
        return flows;
    }

    long malformed() {
        return malformed;
    }

    List<IndexKind> kinds() {
        return kinds;
    }

    /**
     * The tables of the file so far, one per kind (on the heap, or files in the spill directory
     * when they did not fit), and a fresh start.
     */
    IndexFile[] seal(String archive) throws IOException {
        IndexFile[] out = new IndexFile[builders.length];
        try {
            for (int i = 0; i < builders.length; i++) {
                out[i] = builders[i].seal(archive);
            }
        } catch (IOException | RuntimeException e) {
            reset();
            discard(out);
            throw e;
        }
        return out;
    }

    /** Deletes the spilled tables among {@code tables}. */
    static void discard(IndexFile[] tables) {
        for (IndexFile t : tables) {
            if (t != null && t.path() != null) {
                try {
                    java.nio.file.Files.deleteIfExists(t.path());
                } catch (IOException e) {
                    // deleted at the next start
                }
            }
        }
    }
}
