package org.nsr.archive;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A recording file that cannot be read to its end: a truncated or corrupt archive, a CRC that does
 * not match, an archive without exactly one entry, or a line longer than the reader's limit. The
 * message names the file and what is wrong; {@link #kind()} lets callers count damage by kind.
 */
public final class DamagedFileException extends IOException {

    /** What is wrong with the file; the lower-case name is used as a metric label. */
    public enum Kind {
        TRUNCATED, CORRUPT, CRC_MISMATCH, NOT_SINGLE_ENTRY, LINE_TOO_LONG, UNREADABLE;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Path file;
    private final Kind kind;

    public DamagedFileException(Path file, Kind kind, String detail, Throwable cause) {
        super(file + ": " + kind.label().replace('_', ' ') + ": " + detail, cause);
        this.file = file;
        this.kind = kind;
    }

    public Path file() {
        return file;
    }

    public Kind kind() {
        return kind;
    }
}
