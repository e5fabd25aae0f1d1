package org.nsr.channel;

import org.nsr.record.Record;

/**
 * What a source writes its records to. A channel gives every record it accepts the next
 * sequence number of its source (1, 2, 3, ...), in the order it accepted them; the durable and
 * archived watermarks of the sinks speak of those numbers.
 *
 * <p>Threading: many producer threads may put at once. {@link #put} may block while the sinks
 * behind the channel apply back-pressure; it never drops a record.
 */
public interface Channel {

    /** The source's name, which the channel's metrics carry. */
    String name();

    /**
     * Hands one record on, waiting while a blocking sink is behind.
     *
     * @return the record's sequence number
     * @throws IllegalStateException if the channel was closed (a producer outlived its stop)
     */
    long put(Record record) throws InterruptedException;

    /**
     * Hands one record on if there is room within {@code maxWait}; a push source answers "busy"
     * upstream instead of holding its client forever. A channel that cannot time its wait (a
     * fan-out to several sinks) waits as {@link #put} does.
     *
     * @return the record's sequence number, or -1 when there was no room in time (nothing was taken)
     */
    default long offer(Record record, java.time.Duration maxWait) throws InterruptedException {
        return put(record);
    }
}
