package org.nsr.write;

import org.nsr.layout.RecordingFileName;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Picks the name of each new file of one source so that names are unique and sort in time order.
 *
 * <p>The rule: a file is stamped with its slot's local start time. If that name would not sort
 * after the source's newest existing name (in any stage) — which happens after a restart inside
 * the same slot, and in the hour a daylight saving fall-back repeats — the file takes the newest
 * name's next sequence number instead ({@code ~00001}, {@code ~00002}, …). See
 * {@link RecordingFileName}.
 */
public final class FileNamer {
    private final String source;
    private final RollCycle cycle;
    private RecordingFileName newest;

    public FileNamer(String source, RollCycle cycle, RecordingFileName newestExisting) {
        this.source = source;
        this.cycle = cycle;
        this.newest = newestExisting;
    }

    /** Scans {@code dir} for the source's newest file name, in any stage. */
    public static RecordingFileName newestIn(Path dir, String source) throws IOException {
        RecordingFileName newest = null;
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                RecordingFileName.ParsedName parsed = RecordingFileName.parse(p.getFileName().toString());
                if (parsed != null && parsed.name().source().equals(source)
                        && (newest == null || parsed.name().compareTo(newest) > 0)) {
                    newest = parsed.name();
                }
            }
        }
        return newest;
    }

    /** The name for a new file whose slot starts at {@code slotStartNanos}. */
    public RecordingFileName nameFor(long slotStartNanos) {
        RecordingFileName candidate = RecordingFileName.of(cycle.localStamp(slotStartNanos), source);
        if (newest != null && candidate.compareTo(newest) <= 0) {
            candidate = newest.nextInSequence();
        }
        newest = candidate;
        return candidate;
    }
}
