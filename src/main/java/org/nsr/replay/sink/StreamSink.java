package org.nsr.replay.sink;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.nsr.record.LineBuffer;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.FlowView;
import org.nsr.record.codec.FlowVisitor;
import org.nsr.replay.RecordSink;
import org.nsr.replay.RecordView;

/**
 * Writes records to a byte stream (stdout) as NDJSON, CSV or text. NDJSON copies the recorded bytes
 * straight through the buffer, which is what makes as-fast-as-possible replay cheap; CSV reads each
 * line's flows through the codec's flow view. Not thread-safe: the one replay thread owns it.
 */
public final class StreamSink implements RecordSink {
    /** The CSV columns: see {@link StreamFormat#CSV}. */
    static final String CSV_COLUMNS = "time,timestamp_ns,source,kind,src_ip,dst_ip,src_port,dst_port,protocol,packets,"
            + "bytes,bps,pps,record";
    private static final byte[] CSV_HEADER = (CSV_COLUMNS + "\n").getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final StreamFormat format;
    private final byte[] buf;
    private int pos;
    private boolean headerWritten;
    private final FlowView flows = new FlowView();
    private final CsvFlowRows rows = new CsvFlowRows();

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
                csv(r);
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

    /**
     * One row per flow the line holds (through the codec's flow view), the record column empty; a
     * line without a readable flow (a graph poll, an error line, an empty or broken flow array) is one
     * row with empty flow columns and the line itself in the record column, so nothing is dropped.
     */
    private void csv(RecordView r) throws IOException {
        rows.start(r);
        int n = flows.visit(r.array(), r.offset(), r.length(), r.timestampNanos(), rows);
        if (rows.failure != null) {
            throw rows.failure;
        }
        if (n <= 0) {
            rows.prefix(flows.kindOf(r.array(), r.offset(), r.length()).name());
            rows.row.appendAscii(",,,,,,,,,,");
            put(rows.row.array(), 0, rows.row.size());
            csvField(r.array(), r.offset(), r.length());
            put((byte) '\n');
        }
    }

    /** Formats flow rows into a reused buffer; the visitor cannot throw, so a write failure is kept. */
    private final class CsvFlowRows implements FlowVisitor {
        final LineBuffer row = new LineBuffer(256);
        private RecordView record;
        private byte[] time;
        IOException failure;

        void start(RecordView r) {
            record = r;
            time = null;
            failure = null;
        }

        /** time,timestamp_ns,source,kind */
        void prefix(String kind) {
            if (time == null) {
                time = isoTime(record.timestampNanos()).getBytes(StandardCharsets.US_ASCII);
            }
            row.reset();
            row.append(time).append((byte) ',').appendLong(record.timestampNanos()).append((byte) ',');
            csvText(row, record.source());
            row.append((byte) ',').appendAscii(kind);
        }

        @Override
        public void flow(Flow f) {
            prefix(f.kind().name());
            row.append((byte) ',').appendDottedIpv4(f.srcIp() & 0xFFFF_FFFFL);
            row.append((byte) ',').appendDottedIpv4(f.dstIp() & 0xFFFF_FFFFL);
            count(f.srcPort());
            count(f.dstPort());
            count(f.protocol());
            count(f.packets());
            count(f.bytes());
            rate(f.bitsPerSecond());
            rate(f.packetsPerSecond());
            row.appendAscii(",\n");
            if (failure == null) {
                try {
                    put(row.array(), 0, row.size());
                } catch (IOException e) {
                    failure = e;
                }
            }
        }

        private void count(long v) {
            row.append((byte) ',');
            if (v != Flow.UNKNOWN) {
                row.appendLong(v);
            }
        }

        private void rate(double v) {
            row.append((byte) ',');
            if (Double.isNaN(v)) {
                return;
            }
            if (v == Math.rint(v) && Math.abs(v) < 1e18) {
                row.appendLong((long) v);
            } else {
                row.appendAscii(Double.toString(v));
            }
        }
    }

    private static void csvText(LineBuffer out, String text) {
        out.append((byte) '"').appendUtf8(text.replace("\"", "\"\"")).append((byte) '"');
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
