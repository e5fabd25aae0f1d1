package org.nsr.write;

import org.nsr.record.Record;

/**
 * Decides, per file, which records a writer writes: what a storage class's {@code cutoff} plugs
 * into the writer. A writer without one (the usual case) pays nothing for this seam.
 *
 * <p>Threading: called on the writer's thread only.
 */
public interface RecordGate {
    /** A new file was opened: what the gate counts per file starts again. */
    void fileOpened();

    /**
     * Whether {@code record}, already encoded as {@code line[off, off+len)}, goes into the open file.
     * A record kept out is counted by the writer in the file's facts; the gate counts it in its own
     * metrics and logs.
     */
    boolean keep(Record record, byte[] line, int off, int len);

    /** The open file was published with {@code keptOut} records kept out of it; for the gate's log. */
    default void fileFinished(String fileName, long keptOut) {
    }
}
