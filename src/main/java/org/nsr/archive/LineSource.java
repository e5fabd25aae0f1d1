package org.nsr.archive;

import java.io.Closeable;
import java.io.IOException;

/**
 * The lines of one recording file, read one at a time without loading the file. Not thread-safe:
 * one reader thread owns it.
 *
 * <p>After {@link #next()} returns true, the current line (without its newline) is
 * {@code array()[offset() .. offset() + length())}. The bytes are only valid until the next call
 * to {@code next()}: a consumer that keeps a line must copy it.
 */
public interface LineSource extends Closeable {

    /**
     * Moves to the next line.
     *
     * @return false at the end of the file
     * @throws DamagedFileException when the file turns out to be truncated or corrupt, or its CRC
     *     does not match at the end (when checking was asked for)
     */
    boolean next() throws IOException;

    byte[] array();

    int offset();

    int length();

    /** 1-based number of the current line. */
    long lineNumber();

    /**
     * True when the last line returned had no terminating newline: the file ended in the middle
     * of a line, which is normal only for a file still being written.
     */
    boolean currentLineUnterminated();

    /** Uncompressed bytes consumed so far, for progress reports. */
    long bytesRead();
}
