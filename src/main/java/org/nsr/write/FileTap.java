package org.nsr.write;

import java.nio.file.Path;
import org.nsr.layout.RecordingFileName;
import org.nsr.record.Record;

/**
 * Something written beside each recording file from the records the writer appends to it, in file
 * order (the column sidecar of a flow source). It rides along and never steers: none of its methods
 * throws or blocks for long, and a failure of its own is its own to count and log, so the file and
 * its archive are never affected by it.
 *
 * <p>Threading: every call comes from the one writer thread of a source.
 */
public interface FileTap {
    /** No tap: nothing is written beside the files. */
    FileTap NONE = (dir, name) -> null;

    /** A new file is being written to {@code dir}; what follows its records, or null for nothing. */
    Open open(Path dir, RecordingFileName name);

    /** The tap of one open file. */
    interface Open {
        /** The next record of the file, in the order it is written. */
        void add(Record r);

        /** The file was published (fsynced, renamed to its {@code .json}) holding {@code records} records. */
        void published(long records);

        /** The file is not published by this writer (rescued at a stop, left for recovery): drop what was gathered. */
        void abandon();
    }
}
