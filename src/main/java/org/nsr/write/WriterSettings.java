package org.nsr.write;

import java.nio.file.Path;
import java.time.Duration;
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
 */
public record WriterSettings(Path dir, RollCycle cycle, Duration chunkWindow, SortField sortBy,
        Duration flushInterval, Duration syncInterval, Duration retryPause) {
}
