package org.nsr.source.http;

import java.nio.charset.StandardCharsets;
import org.nsr.record.EncodedLine;
import org.nsr.record.LineBuffer;
import org.nsr.record.Record;

/**
 * One poll's finished NDJSON line (without newline), already validated and compacted: a wrapped
 * body or an error line. Immutable once built; the array is never written after construction.
 */
public final class HttpPollRecord implements Record, EncodedLine {
    private final long timestampNanos;
    private final byte[] line;
    private final int length;

    HttpPollRecord(long timestampMillis, byte[] line, int length) {
        this.timestampNanos = timestampMillis * 1_000_000L;
        this.line = line;
        this.length = length;
    }

    @Override
    public long timestampNanos() {
        return timestampNanos;
    }

    @Override
    public void writeJson(LineBuffer out) {
        out.append(line, 0, length);
    }

    /** Bytes of the line. */
    public int length() {
        return length;
    }

    @Override
    public byte[] lineArray() {
        return line;
    }

    @Override
    public int lineLength() {
        return length;
    }

    @Override
    public String toString() {
        return new String(line, 0, length, StandardCharsets.UTF_8);
    }

    @Override
    public long heldBytes() {
        return length();
    }
}
