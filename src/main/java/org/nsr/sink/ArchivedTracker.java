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
 */
public final class ArchivedTracker implements FileEvents.Listener {
    private final Watermarks watermarks;
    private final Map<String, ArrayDeque<Covered>> bySource = new HashMap<>();

    private static final class Covered {
        final RecordingFileName name;
        final long seq;
        boolean archived;

        Covered(RecordingFileName name, long seq) {
            this.name = name;
            this.seq = seq;
        }
    }

    public ArchivedTracker(Watermarks watermarks) {
        this.watermarks = watermarks;
    }

    @Override
    public synchronized void onFileEvent(FileEvent event) {
        if (event instanceof FileEvent.FileCompleted c) {
            bySource.computeIfAbsent(c.source(), s -> new ArrayDeque<>()).add(new Covered(c.name(), c.coversSeq()));
        } else if (event instanceof FileEvent.FileArchived a && !a.recovered()) {
            ArrayDeque<Covered> files = bySource.get(a.source());
            if (files == null) {
                return;
            }
            for (Covered c : files) {
                if (c.name.equals(a.name())) {
                    c.archived = true;
                }
            }
            long reached = -1;
            while (!files.isEmpty() && files.peekFirst().archived) {
                reached = files.pollFirst().seq;
            }
            if (reached >= 0) {
                watermarks.archived(a.source()).advanceTo(reached);
            }
        }
    }
}
