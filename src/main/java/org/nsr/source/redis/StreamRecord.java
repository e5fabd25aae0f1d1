package org.nsr.source.redis;

import org.nsr.record.LineBuffer;
import org.nsr.record.Record;
import org.nsr.record.codec.CsvRowLine;

/** One stream entry as recorded: the recorder's time, the entry's ID and the row as a JSON object. Immutable. */
record StreamRecord(long timestampNanos, String streamId, String rowJson) implements Record {
    @Override
    public void writeJson(LineBuffer out) {
        CsvRowLine.writeFromStream(out, timestampNanos, streamId, rowJson);
    }

    @Override
    public long heldBytes() {
        return rowJson.length();
    }
}
