package org.nsr.source.csv;

import org.nsr.record.LineBuffer;
import org.nsr.record.Record;
import org.nsr.record.codec.CsvRowLine;

/** One CSV row as recorded: the recorder's time, the row's first line and its typed JSON. Immutable. */
record CsvRowRecord(long timestampNanos, long line, String rowJson) implements Record {
    @Override
    public void writeJson(LineBuffer out) {
        CsvRowLine.writeFromFile(out, timestampNanos, line, rowJson);
    }

    @Override
    public long heldBytes() {
        return rowJson.length();
    }
}
