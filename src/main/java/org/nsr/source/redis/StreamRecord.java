package org.nsr.source.redis;

import org.nsr.record.LineBuffer;
import org.nsr.record.Record;
import org.nsr.record.codec.CsvRowLine;

/**
 * One stream entry as recorded: the recorder's time, and in one array (the entry's own, as Redis
 * sent it) the entry's ID (ASCII) at {@code [0, idEnd)} and the row as a JSON object in UTF-8 at
 * {@code [rowFrom, rowTo)}, so the line is written without decoding or copying. Immutable by
 * convention: the array is not copied.
 */
record StreamRecord(long timestampNanos, byte[] bytes, int idEnd, int rowFrom, int rowTo) implements Record {
    @Override
    public void writeJson(LineBuffer out) {
        CsvRowLine.writeFromStream(out, timestampNanos, bytes, idEnd, rowFrom, rowTo);
    }

    @Override
    public long heldBytes() {
        return bytes.length;
    }
}
