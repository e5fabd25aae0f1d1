package org.nsr.produce;

import java.time.ZoneId;
import java.util.List;
import org.nsr.core.Ticker;
import org.nsr.csv.CsvRow;
import org.nsr.csv.RowJson;
import org.nsr.csv.RowTime;
import org.nsr.record.LineBuffer;
import org.nsr.redis.XaddBatch;

/**
 * Turns a CSV row into the seed's stream entry, written straight into an {@link XaddBatch}:
 * {@code data} (the typed row as JSON, encoded to UTF-8 bytes once, never a String), then
 * {@code timestamp}, {@code source_ip}, {@code dest_ip}, {@code protocol} and {@code is_attack}
 * as the file has them. An empty or unparseable timestamp is replaced by the time of sending and
 * counted; {@code data} keeps the original text. Not thread-safe: the reading thread owns it.
 */
final class EntryEncoder {
    /** The stream fields besides {@code data}, copied as text from the columns of the same name. */
    static final List<String> COPIED = List.of("source_ip", "dest_ip", "protocol", "is_attack");
    static final String DATA = "data";
    static final String TIMESTAMP = "timestamp";
    private static final int FIELDS = 2 + COPIED.size();

    private final Ticker ticker;
    private final byte[][] keys;
    private final int timeColumn;
    private final int[] copied;
    private final LineBuffer json = new LineBuffer(1024);
    private long replacedTimes;

    EntryEncoder(List<String> header, Ticker ticker) {
        this.ticker = ticker;
        this.keys = RowJson.keys(header);
        this.timeColumn = header.indexOf(TIMESTAMP);
        this.copied = COPIED.stream().mapToInt(header::indexOf).toArray();
    }

    void encode(CsvRow row, XaddBatch into) {
        json.reset();
        RowJson.write(json, keys, row.cells());
        into.startEntry(FIELDS).bulk(DATA).bulk(json.array(), 0, json.size());
        String time = timeColumn < 0 ? null : row.cell(timeColumn).trim();
        if (time == null || !RowTime.isTime(time)) {
            replacedTimes++;
            time = ticker.now().atZone(ZoneId.systemDefault()).toLocalDateTime().toString();
        }
        into.bulk(TIMESTAMP).bulk(time);
        for (int i = 0; i < copied.length; i++) {
            into.bulk(COPIED.get(i)).bulk(copied[i] < 0 ? "" : row.cell(copied[i]));
        }
    }

    /** Rows whose timestamp was empty or not a time, sent with the time of sending. */
    long replacedTimes() {
        return replacedTimes;
    }
}
