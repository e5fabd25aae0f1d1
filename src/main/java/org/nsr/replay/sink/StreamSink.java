package org.nsr.replay.sink;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.nsr.replay.RecordSink;
import org.nsr.replay.RecordView;

/**
 * Writes records to a byte stream (stdout) as NDJSON, CSV or text. NDJSON copies the recorded bytes
 * straight through the buffer, which is what makes as-fast-as-possible replay cheap.
 */
public final class StreamSink implements RecordSink {
    private static final byte[] CSV_HEADER = "time,timestamp_ns,source,record\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final StreamFormat format;
    private final byte[] buf;
    private int pos;
    private boolean headerWritten;

    public StreamSink(OutputStream out, StreamFormat format, int bufferBytes) {
        this.out = out;
        this.format = format;
        this.buf = new byte[bufferBytes];
    }

    @Override
    public void accept(RecordView r) throws IOException {
        switch (format) {
            case NDJSON -> {
                put(r.array(), r.offset(), r.length());
                put((byte) '\n');
            }
            case CSV -> {
                if (!headerWritten) {
                    headerWritten = true;
                    put(CSV_HEADER, 0, CSV_HEADER.length);
                }
                ascii(isoTime(r.timestampNanos()));
                put((byte) ',');
                ascii(Long.toString(r.timestampNanos()));
                put((byte) ',');
                byte[] source = r.source().getBytes(StandardCharsets.UTF_8);
                csvField(source, 0, source.length);
                put((byte) ',');
                csvField(r.array(), r.offset(), r.length());
                put((byte) '\n');
            }
            case TEXT -> {
                ascii(isoTime(r.timestampNanos()));
                put((byte) ' ');
                byte[] source = r.source().getBytes(StandardCharsets.UTF_8);
                put(source, 0, source.length);
                put((byte) ' ');
                put(r.array(), r.offset(), r.length());
                put((byte) '\n');
            }
            default -> throw new IllegalStateException(format.toString());
        }
    }

    static String isoTime(long nanos) {
        return org.nsr.record.EpochNanos.toInstant(nanos).toString();
    }

    /** RFC 4180: always quoted, quotes doubled. */
    private void csvField(byte[] b, int off, int len) throws IOException {
        put((byte) '"');
        int runStart = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (b[i] == '"') {
                put(b, runStart, i + 1 - runStart);
                put((byte) '"');
                runStart = i + 1;
            }
        }
        put(b, runStart, end - runStart);
        put((byte) '"');
    }

    private void ascii(String s) throws IOException {
        int n = s.length();
        if (buf.length - pos < n) {
            drain();
        }
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
    }

    private void put(byte b) throws IOException {
        if (pos == buf.length) {
            drain();
        }
        buf[pos++] = b;
    }

    private void put(byte[] b, int off, int len) throws IOException {
        if (len > buf.length - pos) {
            drain();
            if (len > buf.length) {
                out.write(b, off, len);
                return;
            }
        }
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    private void drain() throws IOException {
        if (pos > 0) {
            out.write(buf, 0, pos);
            pos = 0;
            checkClosed();
        }
    }

    /**
     * System.out swallows write errors (EPIPE after {@code | head}) and only sets a flag: the replay
     * must end there instead of reading the rest of the recording into a closed pipe.
     */
    private void checkClosed() throws OutputClosedException {
        if (out instanceof PrintStream ps && ps.checkError()) {
            throw new OutputClosedException();
        }
    }

    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
        checkClosed();
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
