package org.nsr.replay;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.nsr.write.FileStage;
import org.nsr.write.RecordingFileName;

/**
 * One file of a recording: where it is, its parsed name and the stage its suffix says it is in.
 * The stamp orders files; the records inside carry their own timestamps.
 */
public record RecordingFile(Path path, RecordingFileName name, FileStage stage, long sizeBytes)
        implements Comparable<RecordingFile> {

    public String source() {
        return name.source();
    }

    /**
     * The earliest instant the local stamp can denote in {@code zone} (the earlier offset in a
     * daylight-saving overlap), in epoch nanoseconds.
     */
    public long earliestStartNanos(ZoneId zone) {
        ZonedDateTime z = name.localStart().atZone(zone).withEarlierOffsetAtOverlap();
        return z.toEpochSecond() * 1_000_000_000L;
    }

    /** The latest instant the stamp can denote in {@code zone}, in epoch nanoseconds. */
    public long latestStartNanos(ZoneId zone) {
        ZonedDateTime z = name.localStart().atZone(zone).withLaterOffsetAtOverlap();
        return z.toEpochSecond() * 1_000_000_000L;
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
