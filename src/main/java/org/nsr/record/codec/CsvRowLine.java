package org.nsr.record.codec;

import java.nio.charset.StandardCharsets;
import org.nsr.record.LineBuffer;

/**
 * The CSV row line: {@code {"timestamp":<epoch ns>,"csv_line":12,"csv_row":{...typed row...}}}, or
 * with {@code "redis_id":"1700000000000-0"} instead of {@code csv_line} when the row came from a
 * Redis stream. The row object is the typed row (numbers, booleans, null for empty cells); its
 * own {@code timestamp} column stays inside it, the recorder's time is the top-level one.
 *
 * <p>Its flow: {@code source_ip}/{@code dest_ip}, {@code source_port}/{@code dest_port},
 * {@code protocol} (TCP 6, UDP 17, ICMP 1, or a number), packets = {@code packets_sent} +
 * {@code packets_received}, bytes = {@code bytes_sent} + {@code bytes_received}. A row whose IPs
 * are not dotted IPv4 (the dataset has {@code 999.999.999.999} and {@code corrupted}) is
 * {@link LineKind#MALFORMED}. Stateless.
 */
public final class CsvRowLine {
    public static final String CSV_ROW = "csv_row";
    public static final String CSV_LINE = "csv_line";
    public static final String REDIS_ID = "redis_id";
    public static final String SOURCE_IP = "source_ip";
    public static final String DEST_IP = "dest_ip";

    private static final byte[] K_ROW = LineKeys.bytes(CSV_ROW);
    private static final byte[] K_REDIS_ID = LineKeys.bytes(REDIS_ID);
    private static final byte[] K_LINE = LineKeys.bytes(CSV_LINE);
    private static final byte[] K_SRC = LineKeys.bytes(SOURCE_IP);
    private static final byte[] K_DST = LineKeys.bytes(DEST_IP);
    private static final byte[] K_SPORT = LineKeys.bytes("source_port");
    private static final byte[] K_DPORT = LineKeys.bytes("dest_port");
    private static final byte[] K_PROTO = LineKeys.bytes("protocol");
    private static final byte[] K_BYTES_SENT = LineKeys.bytes("bytes_sent");
    private static final byte[] K_BYTES_RECEIVED = LineKeys.bytes("bytes_received");
    private static final byte[] K_PACKETS_SENT = LineKeys.bytes("packets_sent");
    private static final byte[] K_PACKETS_RECEIVED = LineKeys.bytes("packets_received");
    private static final byte[] HEAD = ("{\"" + LineKeys.TIMESTAMP + "\":").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LINE = (",\"" + CSV_LINE + "\":").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = (",\"" + REDIS_ID + "\":\"").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ROW = (",\"" + CSV_ROW + "\":").getBytes(StandardCharsets.US_ASCII);

    public static final LineKind KIND = new LineKind() {
        @Override
        public String name() {
            return "csv_row";
        }

        @Override
        public boolean matches(byte[] b, int off, int end, Flow scratch) {
            int v = JsonScan.valueStart(b, off, end, K_ROW);
            return v >= 0 && b[v] == '{';
        }

        @Override
        public boolean holdsFlows() {
            return true;
        }

        @Override
        public int flows(byte[] b, int off, int end, long timestampNanos, Flow cursor, FlowVisitor visitor) {
            int v = JsonScan.valueStart(b, off, end, K_ROW);
            if (v < 0 || b[v] != '{') {
                return NOT_THIS_KIND;
            }
            return rowFlows(b, v, end, timestampNanos, cursor, visitor);
        }

        @Override
        public String toString() {
            return name();
        }
    };

    private CsvRowLine() {
    }

    /** Appends a row read from a CSV file (without newline); {@code rowJson} is the typed row object. */
    public static void writeFromFile(LineBuffer out, long timestampNanos, long line, String rowJson) {
        out.append(HEAD).appendLong(timestampNanos).append(LINE).appendLong(line).append(ROW).appendUtf8(rowJson)
                .append((byte) '}');
    }

    /**
     * Appends a row read from a Redis stream; {@code rowJson} is a JSON object (the producer's
     * {@code data} field, or the entry's fields as an object). Stream IDs are digits and a dash.
     */
    public static void writeFromStream(LineBuffer out, long timestampNanos, String streamId, String rowJson) {
        out.append(HEAD).appendLong(timestampNanos).append(ID).appendAscii(streamId).append((byte) '"').append(ROW)
                .appendUtf8(rowJson).append((byte) '}');
    }

    /**
     * Like {@link #writeFromStream(LineBuffer, long, String, String)}, from the bytes Redis sent: the
     * ASCII ID at {@code b[0, idEnd)}, the UTF-8 object at {@code b[rowFrom, rowTo)}.
     */
    public static void writeFromStream(LineBuffer out, long timestampNanos, byte[] b, int idEnd, int rowFrom,
            int rowTo) {
        out.append(HEAD).appendLong(timestampNanos).append(ID).append(b, 0, idEnd).append((byte) '"').append(ROW)
                .append(b, rowFrom, rowTo - rowFrom).append((byte) '}');
    }

    /** The text of the line's row object (the typed row), or null when it has none. */
    public static String rowText(byte[] b, int off, int len) {
        int end = off + len;
        int v = JsonScan.valueStart(b, off, end, K_ROW);
        int e = v < 0 ? -1 : JsonScan.valueEnd(b, v, end);
        return e < 0 ? null : new String(b, v, e - v, StandardCharsets.UTF_8);
    }

    /** The CSV line number of a line written by {@link #writeFromFile}, or -1. */
    public static long csvLine(byte[] b, int off, int len) {
        int end = off + len;
        int v = JsonScan.valueStart(b, off, end, K_LINE);
        if (v < 0) {
            return -1;
        }
        long n = JsonScan.integerValue(b, v, JsonScan.valueEnd(b, v, end));
        return n == JsonScan.NOT_AN_INTEGER ? -1 : n;
    }

    /** The stream ID of a line written by {@link #writeFromStream}, or null. */
    public static String streamId(byte[] b, int off, int len) {
        int end = off + len;
        int v = JsonScan.valueStart(b, off, end, K_REDIS_ID);
        if (v < 0 || b[v] != '"') {
            return null;
        }
        int close = JsonScan.stringEnd(b, v, end);
        return close < 0 ? null : new String(b, v + 1, close - v - 1, StandardCharsets.US_ASCII);
    }

    // The row's members the flow reads, as slots of one pass over the row.
    private static final int SRC = 0;
    private static final int DST = 1;
    private static final int SPORT = 2;
    private static final int DPORT = 3;
    private static final int PROTO = 4;
    private static final int BYTES_SENT = 5;
    private static final int BYTES_RECEIVED = 6;
    private static final int PACKETS_SENT = 7;
    private static final int PACKETS_RECEIVED = 8;
    private static final int SLOTS = 9;
    private static final byte[][] SLOT_KEYS = {K_SRC, K_DST, K_SPORT, K_DPORT, K_PROTO, K_BYTES_SENT,
        K_BYTES_RECEIVED, K_PACKETS_SENT, K_PACKETS_RECEIVED};

    /**
     * The flow of the row object starting at {@code b[from]} (a '{' inside {@code b[from, end)}):
     * what {@link #KIND} reads from a line, for a record that holds its row's bytes (no line
     * written to be read back).
     *
     * @return 1 when the flow was handed to {@code visitor}, else {@link LineKind#MALFORMED}
     */
    public static int rowFlows(byte[] b, int from, int end, long timestampNanos, Flow cursor, FlowVisitor visitor) {
        int r = read(b, from, end, false, timestampNanos, cursor);
        if (r == FALL_BACK) {
            // a member the walk cannot vouch for: the row's end by brackets, then the walk within it
            int rowEnd = JsonScan.valueEnd(b, from, end);
            r = rowEnd < 0 ? NO_FLOW : read(b, from, rowEnd, true, timestampNanos, cursor);
        }
        if (r == NO_FLOW) {
            return LineKind.MALFORMED;
        }
        visitor.flow(cursor);
        return 1;
    }

    /** {@link #read}: the row holds no flow (its IPs are not dotted IPv4). */
    private static final int NO_FLOW = -1;
    /** {@link #read}: the walk met what it cannot vouch for; the row's end must be found by brackets. */
    private static final int FALL_BACK = -2;

    /**
     * One pass over the row object {@code b[from]...}, member by member to its closing brace:
     * where each wanted member's value starts (the first of a repeated key, as a lookup by key finds
     * it; a member after a malformed one is not found). Unless {@code endKnown} (the row ends by
     * {@code to}), the walk must reach the closing brace cleanly, with no bare value holding a quote
     * or an opening bracket: then that brace is the one a scan by brackets ({@link
     * JsonScan#valueEnd}) finds, so the row is not scanned a second time for its end. A lookup per
     * key rescanned the row nine times, and the scan for its end read it once more.
     *
     * @return 0 or more with the flow in {@code f}, {@link #NO_FLOW} or {@link #FALL_BACK}
     */
    private static int read(byte[] b, int from, int to, boolean endKnown, long time, Flow f) {
        int src = -1;
        int dst = -1;
        int sport = -1;
        int dport = -1;
        int proto = -1;
        int bytesSent = -1;
        int bytesReceived = -1;
        int packetsSent = -1;
        int packetsReceived = -1;
        int seen = 0;
        int found = 0;
        boolean closed = false;
        int i = JsonScan.skipWs(b, from, to);
        if (i >= to || b[i] != '{') {
            return endKnown ? NO_FLOW : FALL_BACK;
        }
        i = JsonScan.skipWs(b, i + 1, to);
        if (i < to && b[i] == '}') {
            closed = true; // {}
        }
        while (!closed && (found < SLOTS || !endKnown)) {
            if (i >= to || b[i] != '"') {
                break;
            }
            int keyStart = i + 1;
            int keyEnd = JsonScan.stringEnd(b, i, to);
            if (keyEnd < 0) {
                break;
            }
            i = JsonScan.skipWs(b, keyEnd + 1, to);
            if (i >= to || b[i] != ':') {
                break;
            }
            i = JsonScan.skipWs(b, i + 1, to);
            if (i >= to) {
                break;
            }
            int slot = found < SLOTS ? slot(b, keyStart, keyEnd) : -1;
            if (slot >= 0 && (seen & (1 << slot)) == 0) {
                seen |= 1 << slot;
                found++;
                switch (slot) {
                    case SRC -> src = i;
                    case DST -> dst = i;
                    case SPORT -> sport = i;
                    case DPORT -> dport = i;
                    case PROTO -> proto = i;
                    case BYTES_SENT -> bytesSent = i;
                    case BYTES_RECEIVED -> bytesReceived = i;
                    case PACKETS_SENT -> packetsSent = i;
                    default -> packetsReceived = i;
                }
            }
            int value = i;
            i = JsonScan.valueEnd(b, i, to);
            if (i < 0 || (!endKnown && bareHoldsBracketOrQuote(b, value, i))) {
                break;
            }
            i = JsonScan.skipWs(b, i, to);
            if (i >= to) {
                break;
            }
            if (b[i] == '}') {
                closed = true;
            } else if (b[i] != ',') {
                break;
            } else {
                i = JsonScan.skipWs(b, i + 1, to);
            }
        }
        if (!closed && !endKnown) {
            return FALL_BACK;
        }
        long s = ip(b, src, to);
        long d = ip(b, dst, to);
        if (s < 0 || d < 0) {
            return NO_FLOW;
        }
        f.fill(KIND, time, (int) s, (int) d, (int) number(b, sport, to), (int) number(b, dport, to),
                protocol(b, proto, to), sum(b, packetsSent, packetsReceived, to), sum(b, bytesSent, bytesReceived, to),
                Double.NaN, Double.NaN);
        return 0;
    }

    /** Whether a bare value (number, literal, or junk) holds what a scan by brackets reads as structure. */
    private static boolean bareHoldsBracketOrQuote(byte[] b, int from, int to) {
        if (b[from] == '"' || b[from] == '{' || b[from] == '[') {
            return false; // a string or a nested value: scanned by brackets already
        }
        for (int k = from; k < to; k++) {
            byte c = b[k];
            if (c == '"' || c == '{' || c == '[') {
                return true;
            }
        }
        return false;
    }

    /** Which wanted member the key {@code b[from..to)} names, or -1. */
    private static int slot(byte[] b, int from, int to) {
        for (int k = 0; k < SLOTS; k++) {
            if (JsonScan.equalsKey(b, from, to, SLOT_KEYS[k])) {
                return k;
            }
        }
        return -1;
    }

    /** The dotted IPv4 address of the string value at {@code v}, or -1. */
    private static long ip(byte[] b, int v, int to) {
        if (v < 0 || b[v] != '"') {
            return -1;
        }
        int close = JsonScan.stringEnd(b, v, to);
        return close < 0 ? -1 : Ipv4.parseDotted(b, v + 1, close);
    }

    /** The non-negative integer value at {@code v}, or {@link Flow#UNKNOWN}. */
    private static long number(byte[] b, int v, int to) {
        if (v < 0) {
            return Flow.UNKNOWN;
        }
        long n = JsonScan.integerValue(b, v, JsonScan.valueEnd(b, v, to));
        return n == JsonScan.NOT_AN_INTEGER || n < 0 ? Flow.UNKNOWN : n;
    }

    private static long sum(byte[] b, int a, int c, int to) {
        long x = number(b, a, to);
        long y = number(b, c, to);
        return x < 0 || y < 0 ? Flow.UNKNOWN : x + y;
    }

    private static int protocol(byte[] b, int v, int to) {
        if (v < 0) {
            return Flow.UNKNOWN;
        }
        if (b[v] != '"') {
            return (int) number(b, v, to);
        }
        int close = JsonScan.stringEnd(b, v, to);
        if (close < 0) {
            return Flow.UNKNOWN;
        }
        if (named(b, v + 1, close, "TCP")) {
            return 6;
        }
        if (named(b, v + 1, close, "UDP")) {
            return 17;
        }
        return named(b, v + 1, close, "ICMP") ? 1 : Flow.UNKNOWN;
    }

    /** Case-insensitive ASCII comparison without allocating: the flow view runs for every line. */
    private static boolean named(byte[] b, int from, int to, String upper) {
        if (to - from != upper.length()) {
            return false;
        }
        for (int i = 0; i < upper.length(); i++) {
            if ((b[from + i] & 0xDF) != upper.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
