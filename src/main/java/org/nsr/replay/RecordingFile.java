package org.nsr.replay;

import java.nio.file.Path;
import org.nsr.layout.FileStage;
import org.nsr.layout.RecordingFileName;

/**
 * One file of a recording: where it is, its parsed name and the stage its suffix says it is in.
 * The stamp orders files; the records inside carry their own timestamps.
 */
public record RecordingFile(Path path, RecordingFileName name, FileStage stage, long sizeBytes)
        implements Comparable<RecordingFile> {

    /** The stream the file belongs to: its source, or {@code source@instance} for a recorder of a group. */
    public String source() {
        return name.stream();
    }

    public boolean isArchive() {
        return stage == FileStage.ARCHIVED || stage == FileStage.ARCHIVING;
    }

    @Override
    public int compareTo(RecordingFile other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
