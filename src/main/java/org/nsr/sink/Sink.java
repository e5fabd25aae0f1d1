package org.nsr.sink;

import org.nsr.record.Record;

/**
 * Where a source's records go: the file writer, and later an index feed, an aggregation, Redis,
 * Kafka or a live tap. One source may feed several sinks through a {@link FanOutChannel}; each
 * sink sees every record of the source, in sequence order.
 *
 * <p>A sink declares whether it may block the source ({@link #mayBlock()}): the file writer
 * does (back-pressure: nothing accepted is lost), a live tap must not (when it is behind it
 * drops the record and counts it).
 *
 * <p>Threading: {@link #accept} is called on the source's producer threads, one call at a time
 * per source (the channel orders them).
 */
public interface Sink {

    /** A short name for logs and metrics: {@code "file"}, {@code "tap dashboard"}. */
    String name();

    /** True if {@link #accept} may wait for room; false if it drops and counts instead. */
    boolean mayBlock();

    /**
     * Takes one record with its sequence number. A sink that may not block returns at once,
     * dropping (and counting) the record when it has no room.
     */
    void accept(Record record, long seq) throws InterruptedException;

    /**
     * True for a sink that must be handed each record before the file writer is: a console
     * subscription, whose stored part reads the files, must already hold every record a file it
     * reads can show it. Such a sink must not block.
     */
    default boolean beforeWriter() {
        return false;
    }

    /** Tells the sink that its source has ended: no more records come. */
    default void sourceEnded() {
    }
}
