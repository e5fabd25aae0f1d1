package org.nsr.write;

import org.nsr.layout.RecordingFileName;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Picks the name of each new file of one source so that names are unique and sort in time order.
 *
 * <p>The rule, first that fits:
 * <ol>
 *   <li>the slot's local start time, when that name sorts after the source's newest existing name
 *       (in any stage): the usual case, {@code …19-00-00_flowinfo…};</li>
 *   <li>the second the file was opened, when it lies inside the slot and that name sorts after the
 *       newest: a restart (or a writer handover) inside the same slot, {@code …19-28-37_flowinfo…},
 *       as the original Python recorder names files;</li>
 *   <li>the newest name's next sequence number ({@code ~00001}, {@code ~00002}, …): a second file
 *       opened within the same second, or the hour a daylight saving fall-back repeats, where local
 *       time runs backwards.</li>
 * </ol>
 * See {@link RecordingFileName}. Not thread-safe: one writer at a time asks for names.
 */
public final class FileNamer {
    private final String source;
    private final String storageClass;
    private final String instance;
    private final RollCycle cycle;
    private RecordingFileName newest;

    public FileNamer(String source, RollCycle cycle, RecordingFileName newestExisting) {
        this(source, "", cycle, newestExisting);
    }

    /** Names of a recorder with instance id {@code instance} ("" for none). */
    public FileNamer(String source, String instance, RollCycle cycle, RecordingFileName newestExisting) {
        this(source, "", instance, cycle, newestExisting);
    }

    /** Names of the storage class {@code storageClass} ("" for none, or the catch-all class) of a source. */
    public FileNamer(String source, String storageClass, String instance, RollCycle cycle,
            RecordingFileName newestExisting) {
        this.source = source;
        this.storageClass = storageClass;
        this.instance = instance;
        this.cycle = cycle;
        this.newest = newestExisting;
    }

    /** Scans {@code dir} for the source's newest file name, in any stage. */
    public static RecordingFileName newestIn(Path dir, String source) throws IOException {
        return newestIn(dir, source, "");
    }

    /** Scans {@code dir} for the newest file name of the source written by {@code instance}, in any stage. */
    public static RecordingFileName newestIn(Path dir, String source, String instance) throws IOException {
        return newestIn(dir, source, "", instance);
    }

    /** Scans {@code dir} for the newest file name of one storage class of the source, in any stage. */
    public static RecordingFileName newestIn(Path dir, String source, String storageClass, String instance)
            throws IOException {
        RecordingFileName newest = null;
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                RecordingFileName.ParsedName parsed = RecordingFileName.parse(p.getFileName().toString());
                if (parsed != null && parsed.name().source().equals(source) && parsed.name().instance().equals(instance)
                        && parsed.name().storageClass().equals(storageClass) && (newest == null || parsed.name().compareTo(newest) > 0)) {
                    newest = parsed.name();
                }
            }
        }
        return newest;
    }

    /**
     * The name for a new file whose slot starts at {@code slotStartNanos}, opened at
     * {@code openedAtNanos} (epoch ns, wall clock).
     */
    public RecordingFileName nameFor(long slotStartNanos, long openedAtNanos) {
        RecordingFileName name = RecordingFileName.of(cycle.localStamp(slotStartNanos), source, storageClass, instance);
        if (!sortsAfterNewest(name)) {
            boolean insideSlot = openedAtNanos >= slotStartNanos && openedAtNanos < slotStartNanos + cycle.lengthNanos();
            RecordingFileName opened = RecordingFileName.of(cycle.localStamp(openedAtNanos), source, storageClass,
                    instance);
            name = insideSlot && sortsAfterNewest(opened) ? opened : newest.nextInSequence();
        }
        newest = name;
        return name;
    }

    private boolean sortsAfterNewest(RecordingFileName name) {
        return newest == null || name.compareTo(newest) > 0;
    }
}
