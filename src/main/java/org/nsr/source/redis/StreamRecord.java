package org.nsr.source.redis;

import org.nsr.record.LineBuffer;
import org.nsr.record.Record;
import org.nsr.record.codec.CsvRowLine;

/**
 * One stream entry as recorded: the recorder's time, the entry's ID (ASCII) and the row as a JSON
 * object in UTF-8, both as Redis sent them, so the line is written without decoding. Immutable by
 * convention: the arrays are not copied.
 */
record StreamRecord(long timestampNanos, byte[] streamId, byte[] rowJson) implements Record {
    @Override
    public void writeJson(LineBuffer out) {
        CsvRowLine.writeFromStream(out, timestampNanos, streamId, rowJson);
    }

    @Override
    public long heldBytes() {
        return rowJson.length;
    }
}
