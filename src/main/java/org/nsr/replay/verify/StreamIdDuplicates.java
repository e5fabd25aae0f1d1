package org.nsr.replay.verify;

import java.util.ArrayList;
import java.util.List;
import org.nsr.record.codec.CsvRowLine;

/**
 * Finds the stream IDs ({@code redis_id}) a source recorded more than once: the redis source is
 * at-least-once, and its duplicates (entries read again after a restart, before their XACK) are
 * told apart by the ID each line carries. An open-addressing set of the IDs as two longs (16 bytes
 * an ID, a quarter to a half empty), so millions of entries fit. Not thread-safe.
 */
final class StreamIdDuplicates {
    /** How many of the repeated IDs are kept to be named. */
    static final int NAMED = 10;

    private long[] millis = new long[1 << 12];
    private long[] seqs = new long[1 << 12];
    private boolean[] used = new boolean[1 << 12];
    private int size;
    private long duplicates;
    private final List<String> firstRepeated = new ArrayList<>();

    /** Notes the line's stream ID, if it has one; a repeated one is counted and, among the first, named. */
    void add(byte[] b, int off, int len) {
        String id = CsvRowLine.streamId(b, off, len);
        if (id == null) {
            return;
        }
        int dash = id.indexOf('-');
        long ms;
        long seq;
        try {
            ms = Long.parseLong(id, 0, dash < 0 ? id.length() : dash, 10);
            seq = dash < 0 ? 0 : Long.parseLong(id, dash + 1, id.length(), 10);
        } catch (NumberFormatException e) {
            return; // not a stream ID; the line is checked as JSON elsewhere
        }
        if (!insert(ms, seq)) {
            duplicates++;
            if (firstRepeated.size() < NAMED && !firstRepeated.contains(id)) {
                firstRepeated.add(id);
            }
        }
    }

    /** False when the ID was there already. */
    private boolean insert(long ms, long seq) {
        if (size * 2 >= used.length) {
            grow();
        }
        int mask = used.length - 1;
        int i = hash(ms, seq) & mask;
        while (used[i]) {
            if (millis[i] == ms && seqs[i] == seq) {
                return false;
            }
            i = (i + 1) & mask;
        }
        used[i] = true;
        millis[i] = ms;
        seqs[i] = seq;
        size++;
        return true;
    }

    private void grow() {
        long[] oldMillis = millis;
        long[] oldSeqs = seqs;
        boolean[] oldUsed = used;
        millis = new long[oldUsed.length * 2];
        seqs = new long[oldUsed.length * 2];
        used = new boolean[oldUsed.length * 2];
        size = 0;
        for (int i = 0; i < oldUsed.length; i++) {
            if (oldUsed[i]) {
                insert(oldMillis[i], oldSeqs[i]);
            }
        }
    }

    private static int hash(long ms, long seq) {
        long h = ms * 0x9E3779B97F4A7C15L + seq * 0xC2B2AE3D27D4EB4FL;
        return (int) (h ^ (h >>> 32));
    }

    /** Distinct stream IDs seen. */
    long distinct() {
        return size;
    }

    /** Lines whose stream ID an earlier line already had. */
    long duplicates() {
        return duplicates;
    }

    /** The first repeated IDs, at most {@value #NAMED}. */
    List<String> firstRepeated() {
        return List.copyOf(firstRepeated);
    }
}
