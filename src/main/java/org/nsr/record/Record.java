package org.nsr.record;

/**
 * One unit of recorded state: a poll response, a generated flow, an error marker.
 *
 * <p>Records are immutable and may be handed between threads freely. The writer orders them by
 * {@link #timestampNanos()} into chunks, sorts each chunk with {@link SortField#comparator()} and
 * appends each record as one NDJSON line produced by {@link #writeJson(LineBuffer)}.
 */
public interface Record {

    /** When the record was taken, in nanoseconds since the epoch. Decides its chunk and its file. */
    long timestampNanos();

    /** Appends this record as one compact JSON object, without the trailing newline. */
    void writeJson(LineBuffer out);

    /**
     * The value this record is sorted by for {@code field}. Records that do not carry the field
     * (a poll snapshot has no byte count) answer their timestamp, so they keep time order.
     */
    default long sortKey(SortField field) {
        return timestampNanos();
    }

    /**
     * Payload bytes this record holds in memory, for records large enough to matter (a poll
     * response can be tens of MB). Queues bound the sum; small records answer 0.
     */
    default long heldBytes() {
        return 0;
    }
}
