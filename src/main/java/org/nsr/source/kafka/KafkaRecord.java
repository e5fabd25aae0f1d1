package org.nsr.source.kafka;

import org.nsr.record.LineBuffer;
import org.nsr.record.Record;
import org.nsr.record.codec.KafkaLine;

/** One consumed record as recorded: its position in the topic and its value. Immutable. */
record KafkaRecord(long timestampNanos, String topic, int partition, long offset, byte[] value) implements Record {
    @Override
    public void writeJson(LineBuffer out) {
        KafkaLine.write(out, topic, partition, offset, value, timestampNanos);
    }

    @Override
    public long heldBytes() {
        return value.length;
    }
}
