package org.nsr.write;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.nsr.record.SortField;

/**
 * How a file writer writes: the same for every source of a recording.
 *
 * @param dir where files are written
 * @param cycle the files' slots and name zone
 * @param chunkWindow records are sorted within chunks of this length of their own time
 * @param sortBy what records are sorted by inside a chunk
 * @param flushInterval how often buffered lines are handed to the OS (bounds loss on kill -9)
 * @param syncInterval at most one fsync per this interval while someone waits for the durable watermark
 * @param retryPause pause before retrying a failed write, create or publish
 * @param rescueDirs where a writer that cannot write at stop puts what it holds, in order ({@link Rescue#dirsFor})
 */
public record WriterSettings(Path dir, RollCycle cycle, Duration chunkWindow, SortField sortBy,
        Duration flushInterval, Duration syncInterval, Duration retryPause, List<Path> rescueDirs) {

    public WriterSettings {
        rescueDirs = List.copyOf(rescueDirs);
    }

    /** Settings whose rescue folders are the defaults for {@code dir}. */
    public WriterSettings(Path dir, RollCycle cycle, Duration chunkWindow, SortField sortBy, Duration flushInterval,
            Duration syncInterval, Duration retryPause) {
        this(dir, cycle, chunkWindow, sortBy, flushInterval, syncInterval, retryPause,
                Rescue.dirsFor(defaultRescueDir(dir), dir));
    }

    /** {@code output_dir/../nsr-rescue}. */
    public static Path defaultRescueDir(Path outputDir) {
        Path parent = outputDir.toAbsolutePath().normalize().getParent();
        return (parent == null ? outputDir.toAbsolutePath() : parent).resolve("nsr-rescue");
    }
}
