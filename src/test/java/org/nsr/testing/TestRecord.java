package org.nsr.testing;

import org.nsr.record.LineBuffer;
import org.nsr.record.Record;
import org.nsr.record.SortField;

/** A small record for pipeline tests: {"timestamp":ns,"producer":p,"seq":n,"bytes":b}. */
public record TestRecord(long timestampNanos, int producer, long seq, long bytes) implements Record {

    public TestRecord(long timestampNanos, int producer, long seq) {
        this(timestampNanos, producer, seq, 0);
    }

    @Override
    public void writeJson(LineBuffer out) {
        out.appendAscii("{\"timestamp\":").appendLong(timestampNanos)
                .appendAscii(",\"producer\":").appendLong(producer)
                .appendAscii(",\"seq\":").appendLong(seq)
                .appendAscii(",\"bytes\":").appendLong(bytes).append((byte) '}');
    }

    @Override
    public long sortKey(SortField field) {
        return field == SortField.BYTES ? bytes : timestampNanos;
    }
}
