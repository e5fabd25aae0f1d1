package org.nsr.source.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Records handed on and not yet committed, in hand-on order: the record's sequence number, its
 * partition's slot and its offset (20 bytes a record). A slot is one holding of one partition:
 * every assignment takes a new slot and a revoke retires it, so records of a partition given up
 * are never committed by this recorder again (slots are not reused: a few per rebalance). A ring
 * of fixed capacity. Not thread-safe: the source's poll thread owns it.
 */
final class OffsetWindow {
    private final long[] seq;
    private final int[] slot;
    private final long[] offset;
    private final List<TopicPartition> slots = new ArrayList<>();
    private final List<Boolean> live = new ArrayList<>();
    private int head;
    private int size;

    OffsetWindow(int capacity) {
        seq = new long[capacity];
        slot = new int[capacity];
        offset = new long[capacity];
    }

    /** A new holding of {@code tp}; its slot number. */
    int hold(TopicPartition tp) {
        slots.add(tp);
        live.add(true);
        return slots.size() - 1;
    }

    /** The holding ends: its records are no longer this recorder's to commit. */
    void release(int s) {
        live.set(s, false);
    }

    boolean hasRoomFor(int n) {
        return size + n <= seq.length;
    }

    int size() {
        return size;
    }

    /** The sequence number of the newest record, or 0 when empty. */
    long newestSeq() {
        return size == 0 ? 0 : seq[(head + size - 1) % seq.length];
    }

    void add(long recordSeq, int s, long off) {
        int i = (head + size) % seq.length;
        seq[i] = recordSeq;
        slot[i] = s;
        offset[i] = off;
        size++;
    }

    /**
     * Removes the records at or below {@code archived} and puts, per partition still held, the
     * offset to commit (the next one to read) into {@code commit}.
     *
     * @return how many records were removed
     */
    int takeUpTo(long archived, Map<TopicPartition, Long> commit) {
        int n = 0;
        while (size > 0 && seq[head] <= archived) {
            int s = slot[head];
            if (live.get(s)) {
                commit.merge(slots.get(s), offset[head] + 1, Math::max);
            }
            head = (head + 1) % seq.length;
            size--;
            n++;
        }
        return n;
    }
}
