package org.nsr.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads our IPFIX and NetFlow v9 bytes back the way a collector does: header, then sets by id,
 * data records laid out by the template found in the stream (not by our constants).
 */
public final class ExportDecoding {
    /** One decoded record: the template's fields in order, as unsigned values; times in epoch ms. */
    public record Decoded(long src, long dst, int srcPort, int dstPort, int protocol, long packets, long bytes,
            long startMillis, long endMillis) {
    }

    private ExportDecoding() {
    }

    /** Decodes a stream of IPFIX messages, checking lengths and sequence numbers. */
    public static List<Decoded> ipfix(ByteBuffer b) {
        List<Decoded> out = new ArrayList<>();
        int[][] template = null;
        while (b.hasRemaining()) {
            int start = b.position();
            assertEquals(10, b.getShort(start) & 0xFFFF, "IPFIX version");
            int length = b.getShort(start + 2) & 0xFFFF;
            assertEquals(out.size(), b.getInt(start + 8) & 0xFFFFFFFFL, "sequence = data records before the message");
            int p = start + 16;
            while (p < start + length) {
                int id = b.getShort(p) & 0xFFFF;
                int setLen = b.getShort(p + 2) & 0xFFFF;
                assertTrue(setLen >= 4, "set length");
                if (id == 2) {
                    template = template(b, p + 4);
                } else if (id >= 256) {
                    assertTrue(template != null, "data before its template");
                    int rec = recordLength(template);
                    for (int q = p + 4; q + rec <= p + setLen; q += rec) {
                        out.add(record(b, q, template, 0, 0));
                    }
                }
                p += setLen;
            }
            assertEquals(start + length, p, "sets fill the message");
            b.position(start + length);
        }
        return out;
    }

    /** Decodes NetFlow v9 packets; FIRST/LAST_SWITCHED are turned into epoch ms from the header. */
    public static List<Decoded> netflow9(List<ByteBuffer> packets) {
        List<Decoded> out = new ArrayList<>();
        int[][] template = null;
        long seq = 0;
        for (ByteBuffer b : packets) {
            assertEquals(9, b.getShort(0) & 0xFFFF, "v9 version");
            int count = b.getShort(2) & 0xFFFF;
            long uptime = b.getInt(4) & 0xFFFFFFFFL;
            long unixSecs = b.getInt(8) & 0xFFFFFFFFL;
            assertEquals(seq++, b.getInt(12) & 0xFFFFFFFFL, "sequence counts packets");
            long boot = unixSecs * 1000 - uptime;
            int records = 0;
            int p = 20;
            while (p < b.limit()) {
                int id = b.getShort(p) & 0xFFFF;
                int setLen = b.getShort(p + 2) & 0xFFFF;
                assertEquals(0, setLen % 4, "flowsets are padded to 4 bytes");
                if (id == 0) {
                    template = template(b, p + 4);
                    records++;
                } else if (id >= 256) {
                    int rec = recordLength(template);
                    for (int q = p + 4; q + rec <= p + setLen; q += rec) {
                        out.add(record(b, q, template, boot, 1));
                        records++;
                    }
                }
                p += setLen;
            }
            assertEquals(count, records, "header count = template + data records");
        }
        return out;
    }

    /** Splits a file of v9 packets (we write them back to back) by scanning for each header's length. */
    public static List<ByteBuffer> splitNetflow9(ByteBuffer b, int expectedPackets) {
        List<ByteBuffer> out = new ArrayList<>();
        while (b.hasRemaining()) {
            int start = b.position();
            int p = start + 20;
            int count = b.getShort(start + 2) & 0xFFFF;
            int seen = 0;
            while (seen < count) {
                int id = b.getShort(p) & 0xFFFF;
                int setLen = b.getShort(p + 2) & 0xFFFF;
                seen += id == 0 ? 1 : (setLen - 4) / org.nsr.export.Netflow9Encoder.RECORD;
                p += setLen;
            }
            out.add(b.duplicate().position(start).limit(p).slice());
            b.position(p);
        }
        assertEquals(expectedPackets, out.size());
        return out;
    }

    private static int[][] template(ByteBuffer b, int p) {
        int fields = b.getShort(p + 2) & 0xFFFF;
        int[][] t = new int[fields][2];
        for (int i = 0; i < fields; i++) {
            t[i][0] = b.getShort(p + 4 + 4 * i) & 0xFFFF;
            t[i][1] = b.getShort(p + 6 + 4 * i) & 0xFFFF;
        }
        return t;
    }

    private static int recordLength(int[][] t) {
        int n = 0;
        for (int[] f : t) {
            n += f[1];
        }
        return n;
    }

    private static Decoded record(ByteBuffer b, int q, int[][] t, long boot, int v9) {
        long[] v = new long[256];
        for (int[] f : t) {
            long x = 0;
            for (int i = 0; i < f[1]; i++) {
                x = (x << 8) | (b.get(q + i) & 0xFF);
            }
            v[f[0]] = x;
            q += f[1];
        }
        long start = v9 == 1 ? boot + v[22] : v[152];
        long end = v9 == 1 ? boot + v[21] : v[153];
        return new Decoded(v[8], v[12], (int) v[7], (int) v[11], (int) v[4], v[2], v[1], start, end);
    }
}
