package org.nsr.record.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import org.nsr.record.LineBuffer;

/**
 * The line of one accepted ingest POST (the {@code type: ingest} push source):
 *
 * <pre>
 * {"timestamp":1764626400123,"ingest":[
 *   {"src_app":"foo","dest_app":"bar","vpc_id":"vpc","bytes_tx":100,"bytes_rx":500,"hour":20,"time":1764619200000},
 *   ...]}
 * </pre>
 *
 * {@code timestamp} is when the recorder accepted the request (epoch ms). Each entry keeps the
 * Flow Aggregation Service's field names; {@code time} is the start of the hour the record counts
 * in (epoch ms: the client's {@code time}, or the hour its {@code hour} was resolved to at
 * receipt), and {@code hour} is that hour's hour of day in UTC. A line is self-contained: reading
 * it back needs no rule about how {@code hour} alone was resolved. One POST is one line, so a
 * request is recorded whole or (torn by a crash, then cut back by recovery) not at all.
 *
 * <p>Through the {@link FlowView} an entry is a flow with {@code bytes = bytes_tx + bytes_rx},
 * time {@code time}, and no IPv4 ends (the flow view's tuple is IP based; the names are read with
 * {@link #visitEntries}). Thread-safe.
 */
public final class IngestLine {
    public static final LineKind KIND = new Kind();
    private static final byte[] PREFIX = LineKeys.bytes("{\"" + LineKeys.TIMESTAMP + "\":");
    private static final byte[] ARRAY_KEY = LineKeys.bytes(",\"" + LineKeys.INGEST + "\":[");
    private static final JsonFactory JSON = new JsonFactory();
    // an entry's fixed parts, as bytes: the writer copies them instead of encoding them per record
    private static final byte[] SRC = LineKeys.bytes("{\"" + LineKeys.SRC_APP + "\":");
    private static final byte[] DST = LineKeys.bytes(",\"" + LineKeys.DEST_APP + "\":");
    private static final byte[] VPC = LineKeys.bytes(",\"" + LineKeys.VPC_ID + "\":");
    private static final byte[] TX = LineKeys.bytes(",\"" + LineKeys.BYTES_TX + "\":");
    private static final byte[] RX = LineKeys.bytes(",\"" + LineKeys.BYTES_RX + "\":");
    private static final byte[] HOUR = LineKeys.bytes(",\"" + LineKeys.HOUR + "\":");
    private static final byte[] TIME = LineKeys.bytes(",\"" + LineKeys.TIME + "\":");
    private static final long HOUR_MS = 3_600_000L;

    /** Receives the entries of a line with their names, for readers that need the names. */
    @FunctionalInterface
    public interface EntryVisitor {
        void entry(String srcApp, String destApp, String vpcId, long bytesTx, long bytesRx, long hourStartMillis);
    }

    private IngestLine() {
    }

    /** Appends the start of a line; then {@link #appendEntry} per record and {@link #end}. */
    public static void begin(LineBuffer out, long acceptedMillis) {
        out.append(PREFIX).appendLong(acceptedMillis).append(ARRAY_KEY);
    }

    /** Appends one entry; {@code first} is true for the line's first entry. */
    public static void appendEntry(LineBuffer out, boolean first, String srcApp, String destApp, String vpcId,
            long bytesTx, long bytesRx, long hourStartMillis) {
        if (!first) {
            out.append((byte) ',');
        }
        out.append(SRC);
        string(out, srcApp);
        out.append(DST);
        string(out, destApp);
        out.append(VPC);
        string(out, vpcId);
        out.append(TX).appendLong(bytesTx);
        out.append(RX).appendLong(bytesRx);
        out.append(HOUR).appendLong(Math.floorMod(Math.floorDiv(hourStartMillis, HOUR_MS), 24));
        out.append(TIME).appendLong(hourStartMillis);
        out.append((byte) '}');
    }

    public static void end(LineBuffer out) {
        out.append((byte) ']').append((byte) '}');
    }

    /** Appends {@code s} as a JSON string, quoted and escaped; a plain ASCII name allocates nothing. */
    public static void appendString(LineBuffer out, String s) {
        string(out, s);
    }

    private static void string(LineBuffer out, String s) {
        out.append((byte) '"');
        int start = out.size();
        if (out.appendJsonPlain(s) < s.length()) { // the usual name is plain: nothing to escape, no bytes to allocate
            out.truncate(start);
            out.append(JsonStringEncoder.getInstance().quoteAsUTF8(s));
        }
        out.append((byte) '"');
    }

    /** True when {@code b[off..end)} starts as an ingest line does; allocates nothing. */
    public static boolean isIngestLine(byte[] b, int off, int end) {
        if (!startsWith(b, off, end, PREFIX)) {
            return false;
        }
        int i = off + PREFIX.length;
        while (i < end && (b[i] >= '0' && b[i] <= '9' || b[i] == '-')) {
            i++;
        }
        return i > off + PREFIX.length && startsWith(b, i, end, ARRAY_KEY);
    }

    /**
     * Hands every entry of an ingest line to {@code visitor}.
     *
     * @return the number of entries, {@link LineKind#NOT_THIS_KIND} or {@link LineKind#MALFORMED}
     *     (then some entries may have been visited: callers that must be all-or-nothing collect first)
     */
    public static int visitEntries(byte[] b, int off, int len, EntryVisitor visitor) {
        if (!isIngestLine(b, off, off + len)) {
            return LineKind.NOT_THIS_KIND;
        }
        int start = off + len;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '[') {
                start = i;
                break;
            }
        }
        int n = 0;
        try (JsonParser p = JSON.createParser(b, start, off + len - start)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                return LineKind.MALFORMED;
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                String src = null;
                String dst = null;
                String vpc = null;
                long tx = -1;
                long rx = -1;
                long time = Long.MIN_VALUE;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    switch (key) {
                        case LineKeys.SRC_APP -> src = p.getText();
                        case LineKeys.DEST_APP -> dst = p.getText();
                        case LineKeys.VPC_ID -> vpc = p.getText();
                        case LineKeys.BYTES_TX -> tx = p.getLongValue();
                        case LineKeys.BYTES_RX -> rx = p.getLongValue();
                        case LineKeys.TIME -> time = p.getLongValue();
                        default -> p.skipChildren();
                    }
                }
                if (src == null || dst == null || vpc == null || tx < 0 || rx < 0 || time == Long.MIN_VALUE) {
                    return LineKind.MALFORMED;
                }
                visitor.entry(src, dst, vpc, tx, rx, time);
                n++;
            }
            return p.currentToken() == JsonToken.END_ARRAY ? n : LineKind.MALFORMED;
        } catch (IOException | RuntimeException e) {
            return LineKind.MALFORMED;
        }
    }

    private static boolean startsWith(byte[] b, int off, int end, byte[] prefix) {
        if (end - off < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[off + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static final class Kind implements LineKind {
        @Override
        public String name() {
            return "ingest";
        }

        @Override
        public boolean matches(byte[] b, int off, int end, Flow scratch) {
            return isIngestLine(b, off, end);
        }

        @Override
        public boolean holdsFlows() {
            return true;
        }

        @Override
        public int flows(byte[] b, int off, int end, long timestampNanos, Flow cursor, FlowVisitor visitor) {
            if (!isIngestLine(b, off, end)) {
                return NOT_THIS_KIND;
            }
            return visitEntries(b, off, end - off, (src, dst, vpc, tx, rx, hourStart) -> visitor.flow(
                    cursor.fill(this, hourStart * 1_000_000L, 0, 0, Flow.UNKNOWN, Flow.UNKNOWN, Flow.UNKNOWN,
                            Flow.UNKNOWN, tx + rx, Double.NaN, Double.NaN)));
        }

        @Override
        public String toString() {
            return name();
        }
    }
}
