package org.nsr.replay;

/**
 * One record as read from a recording: its source, its timestamp and its NDJSON line. The line
 * bytes are {@code array()[offset() .. offset() + length())}, borrowed from the reader: they are
 * valid only until the reader moves on, so a consumer that keeps them must copy.
 */
public interface RecordView {
    String source();

    /** The record's own timestamp, normalised to epoch nanoseconds ({@link org.nsr.record.codec.TimestampUnits}). */
    long timestampNanos();

    byte[] array();

    int offset();

    int length();

    /** The file the record was read from. */
    RecordingFile file();
}
