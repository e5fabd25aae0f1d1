package org.nsr.source.csv;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Cuts a CSV file into records at byte offsets: a record ends at a newline outside double quotes,
 * so quoted cells may hold commas and newlines. Knowing each record's end offset is what lets a
 * source keep its read position across a restart and go on reading a file that grows.
 *
 * <p>A record longer than {@code maxRecordBytes} is returned as {@link Piece#tooLong} up to its
 * end, not held in memory. Not thread-safe; does not own the channel.
 */
final class CsvRecordFramer {
    /** One record: bytes {@code [0, length)} of {@link #bytes} (without the line end). */
    static final class Piece {
        byte[] bytes = new byte[0];
        int length;
        long startOffset;
        long startLine;
        boolean tooLong;
    }

    private final FileChannel channel;
    private final int maxRecordBytes;
    private byte[] buf = new byte[64 * 1024];
    private int start;
    private int end;
    private int scan;
    private boolean inQuotes;
    private int newlinesInRecord;
    private long offset;
    private long line;
    private boolean skipping;

    CsvRecordFramer(FileChannel channel, long offset, long line, int maxRecordBytes) throws IOException {
        this.channel = channel;
        this.offset = offset;
        this.line = line;
        this.maxRecordBytes = maxRecordBytes;
        channel.position(offset);
    }

    /** The offset just past the last record returned: where a restart reads on. */
    long offset() {
        return offset;
    }

    /** The line the next record starts on. */
    long line() {
        return line;
    }

    /**
     * Fills {@code into} with the next whole record.
     *
     * @param atEndIsRecordEnd true when the file is complete, so bytes after the last newline are a record
     * @return false when no whole record is available (yet)
     */
    boolean next(Piece into, boolean atEndIsRecordEnd) throws IOException {
        while (true) {
            for (; scan < end; scan++) {
                byte c = buf[scan];
                if (c == '"') {
                    inQuotes = !inQuotes;
                } else if (c == '\n') {
                    if (!inQuotes) {
                        emit(into, scan, scan + 1);
                        if (into.tooLong && skipping) {
                            skipping = false;
                        }
                        return true;
                    }
                    newlinesInRecord++;
                }
            }
            if (end - start >= maxRecordBytes) {
                // drop what is held of an overlong record; remember that its end is still to come
                offset += end - start;
                start = end;
                skipping = true;
            }
            int read = fill();
            if (read < 0) {
                if (atEndIsRecordEnd && end > start) {
                    emit(into, end, end);
                    return true;
                }
                return false;
            }
        }
    }

    private void emit(Piece into, int recordEnd, int next) {
        int len = recordEnd - start;
        if (len > 0 && buf[start + len - 1] == '\r') {
            len--;
        }
        into.tooLong = skipping;
        if (into.bytes.length < len) {
            into.bytes = new byte[Math.max(len, into.bytes.length * 2)];
        }
        System.arraycopy(buf, start, into.bytes, 0, len);
        into.length = len;
        into.startOffset = offset;
        into.startLine = line;
        line += 1 + newlinesInRecord;
        offset += next - start;
        start = next;
        scan = next;
        inQuotes = false;
        newlinesInRecord = 0;
        skipping = false;
    }

    /** Reads more bytes after the held ones; -1 at the current end of the file. */
    private int fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            scan -= start;
            start = 0;
        }
        if (end == buf.length) {
            byte[] bigger = new byte[Math.min(buf.length * 2, Math.max(buf.length, maxRecordBytes + 1))];
            System.arraycopy(buf, 0, bigger, 0, end);
            buf = bigger;
        }
        int n = channel.read(ByteBuffer.wrap(buf, end, buf.length - end));
        if (n > 0) {
            end += n;
        }
        return n <= 0 ? -1 : n;
    }
}
