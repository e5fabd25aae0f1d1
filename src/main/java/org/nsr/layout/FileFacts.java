package org.nsr.layout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a writer knows about a file it published: how many of its records it counted as late and
 * what it sorted chunks by. Stored as the archive entry's comment, {@code nsr late_records=3 sort_by=timestamp},
 * so a reader can check that timestamps decrease only where the writer said records were late.
 * A file of a storage class with a {@code cutoff} also says how many records the cutoff kept out of
 * it: {@code nsr late_records=0 sort_by=timestamp cutoff_records=17} (left out when none were).
 *
 * <p>Until the archive exists the facts live in a side file, {@code <stamp>_<source>.json.facts},
 * updated before any late record reaches the data file, so a crash never leaves a file whose late
 * records are not counted.
 */
public record FileFacts(long lateRecords, String sortBy, long cutoffRecords) {
    private static final Pattern COMMENT = Pattern.compile(
            "nsr late_records=(\\d+) sort_by=([a-z_]+)(?: cutoff_records=(\\d+))?");

    /** Facts of a file no cutoff applied to. */
    public FileFacts(long lateRecords, String sortBy) {
        this(lateRecords, sortBy, 0);
    }

    /** The side file of a recording file, whatever its stage. */
    public static Path sidecarOf(Path dir, RecordingFileName name) {
        return SideFile.FACTS.in(dir, name);
    }

    /** Writes the side file (no fsync: it is synced with its data file when that is published). */
    public void writeSidecar(Path sidecar) throws IOException {
        Files.writeString(sidecar, toComment() + "\n", StandardCharsets.US_ASCII);
    }

    /** Reads a side file; null when there is none or it cannot be understood. */
    public static FileFacts readSidecar(Path sidecar) throws IOException {
        try {
            return fromComment(Files.readString(sidecar, StandardCharsets.US_ASCII));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    public String toComment() {
        return "nsr late_records=" + lateRecords + " sort_by=" + sortBy
                + (cutoffRecords > 0 ? " cutoff_records=" + cutoffRecords : "");
    }

    /** Parses an entry comment; null when the archive carries none (or another program's). */
    public static FileFacts fromComment(String comment) {
        if (comment == null) {
            return null;
        }
        Matcher m = COMMENT.matcher(comment.trim());
        return m.matches() ? new FileFacts(Long.parseLong(m.group(1)), m.group(2),
                m.group(3) == null ? 0 : Long.parseLong(m.group(3))) : null;
    }
}
