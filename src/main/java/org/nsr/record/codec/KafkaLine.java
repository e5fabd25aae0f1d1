package org.nsr.record.codec;

import java.nio.charset.StandardCharsets;
import org.nsr.record.LineBuffer;

/**
 * A record read from a Kafka topic, as the Kafka source writes it: the record's value (a line
 * another recorder's Kafka sink published, or any JSON object) with one key added at the front,
 * {@code "kafka":"<topic>/<partition>/<offset>"}, so every line says where it came from and a
 * duplicate (the same position recorded twice) can be told. A value without a top-level
 * {@code timestamp} gets the recorder's receive time. A value that is not a one-line JSON object
 * is kept as a JSON string: {@code {"kafka":"…","timestamp":ns,"kafka_value":"…"}}. Stateless.
 */
public final class KafkaLine {
    public static final String KAFKA = "kafka";
    public static final String KAFKA_VALUE = "kafka_value";

    private static final byte[] K_KAFKA = LineKeys.bytes(KAFKA);
    private static final byte[] HEAD = ("{\"" + KAFKA + "\":\"").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TIME = (",\"" + LineKeys.TIMESTAMP + "\":").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VALUE = (",\"" + KAFKA_VALUE + "\":\"").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private KafkaLine() {
    }

    /** The value's own timestamp in epoch ns, or {@code receivedNanos} when it has none. */
    public static long timestampOf(byte[] value, long receivedNanos) {
        if (!isOneLineObject(value)) {
            return receivedNanos;
        }
        long t = JsonScan.timestampNanos(value, 0, value.length);
        return t == JsonScan.NO_TIMESTAMP ? receivedNanos : t;
    }

    /** Appends the line (without newline); {@code timestampNanos} is what {@link #timestampOf} answered. */
    public static void write(LineBuffer out, String topic, int partition, long offset, byte[] value,
            long timestampNanos) {
        out.append(HEAD).appendAscii(topic).append((byte) '/').appendLong(partition).append((byte) '/')
                .appendLong(offset).append((byte) '"');
        if (!isOneLineObject(value)) {
            out.append(TIME).appendLong(timestampNanos).append(VALUE);
            escaped(out, value);
            out.append((byte) '"').append((byte) '}');
            return;
        }
        int first = JsonScan.skipWs(value, 1, value.length);
        if (JsonScan.timestampNanos(value, 0, value.length) == JsonScan.NO_TIMESTAMP) {
            out.append(TIME).appendLong(timestampNanos);
        }
        if (value[first] != '}') {
            out.append((byte) ',');
        }
        out.append(value, first, lastBrace(value) + 1 - first);
    }

    /** The {@code topic/partition/offset} of a line the Kafka source wrote, or null. */
    public static String position(byte[] b, int off, int len) {
        int end = off + len;
        int v = JsonScan.valueStart(b, off, end, K_KAFKA);
        if (v < 0 || b[v] != '"') {
            return null;
        }
        int close = JsonScan.stringEnd(b, v, end);
        return close < 0 ? null : new String(b, v + 1, close - v - 1, StandardCharsets.UTF_8);
    }

    /** A JSON object on one line: it can go into the file as it is. Only the framing is checked. */
    private static boolean isOneLineObject(byte[] v) {
        int start = JsonScan.skipWs(v, 0, v.length);
        if (start >= v.length || v[start] != '{' || lastBrace(v) < 0) {
            return false;
        }
        for (byte c : v) {
            if (c == '\n' || c == '\r') {
                return false;
            }
        }
        return true;
    }

    private static int lastBrace(byte[] v) {
        int i = v.length - 1;
        while (i >= 0 && (v[i] == ' ' || v[i] == '\t')) {
            i--;
        }
        return i >= 0 && v[i] == '}' ? i : -1;
    }

    /** The value's bytes as the inside of a JSON string (UTF-8 passes; quotes, backslashes and controls escaped). */
    private static void escaped(LineBuffer out, byte[] v) {
        for (byte c : v) {
            if (c == '"' || c == '\\') {
                out.append((byte) '\\').append(c);
            } else if (c >= 0 && c < 0x20) {
                out.append((byte) '\\').append((byte) 'u').append((byte) '0').append((byte) '0')
                        .append(HEX[c >> 4]).append(HEX[c & 15]);
            } else {
                out.append(c);
            }
        }
    }
}
