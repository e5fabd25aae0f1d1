package org.nsr.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * Merges sorted index files (or memory tables) into one writer: entries of the same key are
 * joined, their intervals sorted; intervals of deleted recording files are dropped. Streams, so a
 * merge holds one block per input.
 */
final class EntryMerge {
    private EntryMerge() {
    }

    static void merge(List<IndexFile> inputs, IndexFileWriter w, Predicate<String> deleted) throws IOException {
        PriorityQueue<IndexFile.Cursor> heads = new PriorityQueue<>((a, b) -> Arrays.compareUnsigned(a.key, b.key));
        for (IndexFile f : inputs) {
            IndexFile.Cursor c = f.cursor();
            if (c.next()) {
                heads.add(c);
            }
        }
        while (!heads.isEmpty()) {
            IndexFile.Cursor top = heads.poll();
            byte[] key = top.key;
            List<Interval> intervals = new ArrayList<>(top.intervals);
            advance(top, heads);
            while (!heads.isEmpty() && Arrays.equals(heads.peek().key, key)) {
                IndexFile.Cursor same = heads.poll();
                intervals.addAll(same.intervals);
                advance(same, heads);
            }
            intervals.removeIf(iv -> deleted.test(iv.archive()));
            intervals.sort(null);
            w.add(key, intervals);
        }
    }

    private static void advance(IndexFile.Cursor c, PriorityQueue<IndexFile.Cursor> heads) {
        if (c.next()) {
            heads.add(c);
        }
    }
}
