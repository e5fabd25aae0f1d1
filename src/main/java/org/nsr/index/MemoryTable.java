package org.nsr.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The entries of one index over a set of recording files, sorted by key: what a memory table
 * holds once its files are complete, and what is written to a level-0 file. Immutable, so
 * lookups read it from any thread without a lock.
 */
final class MemoryTable {
    final IndexKind kind;
    final Key[] keys;
    final List<Interval>[] entries;
    final Set<String> archives;
    final long minTime;
    final long maxTime;

    @SuppressWarnings("unchecked")
    MemoryTable(IndexKind kind, Map<Key, List<Interval>> byKey, Set<String> archives) {
        this.kind = kind;
        this.keys = byKey.keySet().toArray(new Key[0]);
        Arrays.sort(keys);
        this.entries = new List[keys.length];
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < keys.length; i++) {
            entries[i] = List.copyOf(byKey.get(keys[i]));
            for (Interval iv : entries[i]) {
                min = Math.min(min, iv.startNanos());
                max = Math.max(max, iv.endNanos());
            }
        }
        this.archives = Set.copyOf(archives);
        this.minTime = min;
        this.maxTime = max;
    }

    /** The intervals of {@code key}, empty when it has none here. */
    List<Interval> lookup(byte[] key) {
        int i = Arrays.binarySearch(keys, new Key(key));
        return i < 0 ? List.of() : entries[i];
    }

    int size() {
        return keys.length;
    }

    /** Builds the table of one recording file from flow keys and times. Not thread-safe. */
    static final class Builder {
        private final IndexKind kind;
        private final long timeoutNanos;
        private final Map<Key, IntervalList> byKey = new HashMap<>();

        Builder(IndexKind kind, long timeoutNanos) {
            this.kind = kind;
            this.timeoutNanos = timeoutNanos;
        }

        void add(byte[] scratchKey, long timeNanos) {
            Key probe = new Key(scratchKey);
            IntervalList list = byKey.get(probe);
            if (list == null) {
                byKey.put(Key.copyOf(scratchKey), new IntervalList(timeNanos));
            } else {
                list.add(timeNanos, timeoutNanos);
            }
        }

        int size() {
            return byKey.size();
        }

        MemoryTable build(String archive) {
            Map<Key, List<Interval>> sealed = new HashMap<>(byKey.size() * 2);
            byKey.forEach((k, v) -> sealed.put(k, v.seal(archive, timeoutNanos)));
            return new MemoryTable(kind, sealed, Set.of(archive));
        }
    }

    /** One table holding the entries of several (entries of one key concatenated in time order). */
    static MemoryTable union(IndexKind kind, List<MemoryTable> parts) {
        Map<Key, List<Interval>> all = new HashMap<>();
        java.util.Set<String> archives = new java.util.HashSet<>();
        for (MemoryTable t : parts) {
            archives.addAll(t.archives);
            for (int i = 0; i < t.keys.length; i++) {
                all.computeIfAbsent(t.keys[i], k -> new ArrayList<>()).addAll(t.entries[i]);
            }
        }
        all.replaceAll((k, v) -> {
            v.sort(null);
            return v;
        });
        return new MemoryTable(kind, all, archives);
    }
}
