package org.nsr.sink;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.nsr.layout.RecordingFileName;

/**
 * Moves each source's archived watermark from the file events: a file covers the sequence
 * numbers its {@link FileEvent.FileCompleted} says, and the watermark reaches them once that
 * file and every earlier file of the source are archived (workers may finish out of order).
 * Files of an earlier run carry no sequence numbers of this run and are ignored.
 *
 * <p>Files are followed by the stream their name spells ({@code source}, {@code source+class},
 * {@code source@instance}): the compression stage names the source only, while the watermark moved
 * is the one of the writer that completed the file (a storage class's writer has its own).
 */
public final class ArchivedTracker implements FileEvents.Listener {
    private final Watermarks watermarks;
    private final Map<String, ArrayDeque<Covered>> bySource = new HashMap<>();

    private static final class Covered {
        final RecordingFileName name;
        final long seq;
        final String writer;
        boolean archived;

        Covered(RecordingFileName name, long seq, String writer) {
            this.name = name;
            this.seq = seq;
            this.writer = writer;
        }
    }

    public ArchivedTracker(Watermarks watermarks) {
        this.watermarks = watermarks;
    }

    @Override
    public synchronized void onFileEvent(FileEvent event) {
        if (event instanceof FileEvent.FileCompleted c) {
            bySource.computeIfAbsent(c.name().stream(), s -> new ArrayDeque<>())
                    .add(new Covered(c.name(), c.coversSeq(), c.source()));
        } else if (event instanceof FileEvent.FileArchived a && !a.recovered()) {
            ArrayDeque<Covered> files = bySource.get(a.name().stream());
            if (files == null) {
                return;
            }
            for (Covered c : files) {
                if (c.name.equals(a.name())) {
                    c.archived = true;
                }
            }
            long reached = -1;
            String writer = null;
            while (!files.isEmpty() && files.peekFirst().archived) {
                Covered c = files.pollFirst();
                reached = c.seq;
                writer = c.writer;
            }
            if (reached >= 0) {
                watermarks.archived(writer).advanceTo(reached);
            }
        }
    }
}
