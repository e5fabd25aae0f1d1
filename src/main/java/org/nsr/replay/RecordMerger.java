package org.nsr.replay;

import java.util.ArrayList;
import java.util.List;
import org.nsr.archive.ArchiveReader;
import org.nsr.config.ConfigException;

/**
 * Streams the selected records of a recording in timestamp order: a k-way merge over one
 * {@link SourceCursor} per source, each holding at most one open file. Equal timestamps come out in
 * source-name order. Within a source, records keep file order, so a record the writer counted as
 * late comes out where it was written, unless a {@link Reordering} window puts it back in order.
 *
 * <p>Not thread-safe. The view returned by {@link #next()} is valid until the next call.
 */
public final class RecordMerger implements AutoCloseable {
    private final SourceCursor[] heap;
    private int size;
    private SourceCursor pending;
    private final List<SourceCursor> all;

    /** Records of each source in file order (no reordering): for aggregation and per-file export. */
    public RecordMerger(RecordingIndex index, ReadSelection selection, ArchiveReader reader, ReadStats stats)
            throws ConfigException {
        this(index, selection, reader, stats, Reordering.NONE);
    }

    public RecordMerger(RecordingIndex index, ReadSelection selection, ArchiveReader reader, ReadStats stats,
            Reordering reordering) throws ConfigException {
        List<String> sources = selection.resolveSources(index);
        all = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            all.add(new SourceCursor(sources.get(i), i, index.files(sources.get(i)), index.manifest().orElse(null),
                    selection, reader, stats, reordering));
        }
        heap = new SourceCursor[all.size()];
    }

    /** Files the merge will open, after pruning by time; for progress reports. */
    public List<RecordingFile> filesToRead() {
        List<RecordingFile> files = new ArrayList<>();
        for (SourceCursor c : all) {
            files.addAll(c.filesToRead());
        }
        return files;
    }

    private boolean started;

    /** The next record in timestamp order, or null at the end. */
    public RecordView next() {
        if (!started) {
            started = true;
            for (SourceCursor c : all) {
                if (c.advance()) {
                    heap[size++] = c;
                }
            }
            for (int i = size / 2 - 1; i >= 0; i--) {
                siftDown(i);
            }
        } else if (pending != null) {
            if (pending.advance()) {
                siftDown(0);
            } else {
                heap[0] = heap[--size];
                heap[size] = null;
                siftDown(0);
            }
        }
        pending = size > 0 ? heap[0] : null;
        return pending;
    }

    private void siftDown(int i) {
        if (size <= 1) {
            return;
        }
        SourceCursor x = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && less(heap[child + 1], heap[child])) {
                child++;
            }
            if (!less(heap[child], x)) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = x;
    }

    private static boolean less(SourceCursor a, SourceCursor b) {
        long ta = a.timestampNanos();
        long tb = b.timestampNanos();
        return ta < tb || (ta == tb && a.order() < b.order());
    }

    @Override
    public void close() {
        for (SourceCursor c : all) {
            c.close();
        }
    }
}
