package org.nsr.source.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Stream entries handed on but not yet acknowledged, in order: the record's sequence number and
 * the entry's ID as two longs (24 bytes an entry, so a window of millions stays small). A ring of
 * fixed capacity; the source waits when it is full. Not thread-safe: the source's thread owns it.
 */
final class UnackedWindow {
    private final long[] seq;
    private final long[] idMillis;
    private final long[] idSeq;
    private int head;
    private int size;

    UnackedWindow(int capacity) {
        seq = new long[capacity];
        idMillis = new long[capacity];
        idSeq = new long[capacity];
    }

    boolean isFull() {
        return size == seq.length;
    }

    int size() {
        return size;
    }

    void add(long recordSeq, String id) {
        add(recordSeq, id.getBytes(StandardCharsets.US_ASCII));
    }

    /** @param id {@code <ms>-<seq>} in ASCII, as Redis sends it */
    void add(long recordSeq, byte[] id) {
        add(recordSeq, id, 0, id.length);
    }

    /** @param id holds the ID ({@code <ms>-<seq>} in ASCII) at {@code [from, to)} */
    void add(long recordSeq, byte[] id, int from, int to) {
        int i = (head + size) % seq.length;
        seq[i] = recordSeq;
        long ms = 0;
        int j = from;
        for (; j < to && id[j] != '-'; j++) {
            ms = ms * 10 + (id[j] - '0');
        }
        long sq = 0;
        for (j++; j < to; j++) {
            sq = sq * 10 + (id[j] - '0');
        }
        idMillis[i] = ms;
        idSeq[i] = sq;
        size++;
    }

    /** The sequence number of the oldest entry, or -1 when empty. */
    long oldestSeq() {
        return size == 0 ? -1 : seq[head];
    }

    /** Removes and returns the IDs (at most {@code max}) of the entries whose record is at or below {@code archived}. */
    List<byte[]> takeUpTo(long archived, int max) {
        List<byte[]> out = new ArrayList<>();
        while (size > 0 && seq[head] <= archived && out.size() < max) {
            out.add(id(idMillis[head], idSeq[head]));
            head = (head + 1) % seq.length;
            size--;
        }
        return out;
    }

    /** {@code <ms>-<seq>} in ASCII, written straight into its array (no String per ID: it showed in the source thread's profile). */
    static byte[] id(long ms, long sq) {
        int a = digits(ms);
        byte[] b = new byte[a + 1 + digits(sq)];
        write(b, a, ms);
        b[a] = '-';
        write(b, b.length, sq);
        return b;
    }

    private static int digits(long v) {
        int n = 1;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }

    /** Writes {@code v} (not negative) in decimal so that it ends just before {@code end}. */
    private static void write(byte[] b, int end, long v) {
        do {
            b[--end] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
    }
}
