package org.nsr.sink;

import java.nio.file.Path;
import org.nsr.layout.RecordingFileName;

/** What happened to a recording file; published to {@link FileEvents} subscribers (the index). */
public sealed interface FileEvent {

    /**
     * A writer closed, synced and published a {@code .json}.
     *
     * @param coversSeq every record of the source up to this sequence number is in this file or
     *     an earlier one
     */
    record FileCompleted(String source, Path json, RecordingFileName name, long coversSeq) implements FileEvent {
    }

    /**
     * A file was archived into a verified zip and its {@code .json} removed.
     *
     * @param recovered the file was left by an earlier run
     */
    record FileArchived(String source, Path zip, RecordingFileName name, boolean recovered) implements FileEvent {
    }

    /** Retention deleted an archive. */
    record FileDeleted(Path file) implements FileEvent {
    }
}
