package org.nsr.record;

/**
 * A record whose line is already encoded and held whole (a poll response of tens of MB): readers
 * take the bytes where they are instead of copying them through a {@link LineBuffer}. The bytes
 * {@code lineArray()[0, lineLength())} are exactly what {@link Record#writeJson} appends; they are
 * never written after the record is built, and readers must not write them either.
 */
public interface EncodedLine {
    /** The array holding the line from offset 0; read-only. */
    byte[] lineArray();

    /** Bytes of the line, without newline. */
    int lineLength();
}
