package org.nsr.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexStoreMergeTest {
    @TempDir
    Path root;

    /** The tables of 170 recording files with keys drawn from a small pool, so keys recur across files. */
    private static List<MemoryTable> tables(Random rnd, List<byte[]> pool) {
        List<MemoryTable> out = new ArrayList<>();
        for (int f = 0; f < 170; f++) {
            String archive = String.format("2026_01_01_00-%02d-%02d_src", f / 60, f % 60);
            MemoryTable.Builder b = new MemoryTable.Builder(IndexKind.CONNECTION4, 1_000_000_000L);
            for (int i = 0; i < 200; i++) {
                b.add(pool.get(rnd.nextInt(pool.size())), f * 10_000_000_000L + rnd.nextInt(10_000) * 1_000_000L);
            }
            out.add(b.build(archive));
        }
        return out;
    }

    @Test
    void fourThreadsLookingUpRandomKeysDuring50MergesAlwaysSeeWhatAFullScanSees() throws Exception {
        Random rnd = new Random(42);
        List<byte[]> pool = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            byte[] k = new byte[13];
            rnd.nextBytes(k);
            pool.add(k);
        }
        List<MemoryTable> tables = tables(rnd, pool);
        Map<Key, List<Interval>> expected = new HashMap<>();
        for (MemoryTable t : tables) {
            Key[] keys = t.keys();
            List<Interval>[] entries = t.entries();
            for (int i = 0; i < keys.length; i++) {
                expected.computeIfAbsent(keys[i], k -> new ArrayList<>()).addAll(entries[i]);
            }
        }
        expected.values().forEach(l -> l.sort(null));
        IndexStore store = IndexStore.open(IndexKind.CONNECTION4, root);
        for (int i = 0; i < 150; i++) {
            store.add(tables.get(i));
            store.flush();
        }
        for (int i = 150; i < 170; i++) {
            store.add(tables.get(i)); // stays in memory until flushed during the merges
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong lookups = new AtomicLong();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        CountDownLatch started = new CountDownLatch(4);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            long seed = t;
            Thread th = new Thread(() -> {
                Random r = new Random(seed);
                started.countDown();
                while (!done.get()) {
                    byte[] k = pool.get(r.nextInt(pool.size()));
                    List<Interval> got = store.lookup(k, Long.MIN_VALUE, Long.MAX_VALUE).intervals();
                    List<Interval> want = expected.getOrDefault(new Key(IndexKind.CONNECTION4.stored(k)), List.of());
                    if (!got.equals(want)) {
                        wrong.add(IndexKind.CONNECTION4.format(k) + ": got " + got.size() + " want " + want.size());
                    }
                    lookups.incrementAndGet();
                }
            }, "lookup-" + t);
            th.start();
            threads.add(th);
        }
        assertTrue(started.await(10, TimeUnit.SECONDS));
        int merges = 0;
        while (merges < 50) {
            // let the lookups run between merges, so each merge has lookups beside it on any machine
            long seen = lookups.get();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (lookups.get() < seen + 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertTrue(store.mergeOnce(3, name -> false, 4), "there is always something to merge");
            merges++;
            if (merges == 25) {
                store.flush();
            }
        }
        done.set(true);
        for (Thread th : threads) {
            th.join(10_000);
        }
        assertEquals(List.of(), List.copyOf(wrong), "lookups during merges equal the full answer");
        assertTrue(lookups.get() >= 100, "lookups ran during the merges: " + lookups.get());
        // and a store opened afresh from the files sees the same
        IndexStore reopened = IndexStore.open(IndexKind.CONNECTION4, root);
        for (byte[] k : pool) {
            assertEquals(expected.getOrDefault(new Key(IndexKind.CONNECTION4.stored(k)), List.of()),
                    reopened.lookup(k, Long.MIN_VALUE, Long.MAX_VALUE).intervals());
        }
    }

    @Test
    void aMergeDropsTheEntriesOfDeletedFilesAndAnInputLeftBehindByACrashIsDeletedAtOpen() throws Exception {
        Random rnd = new Random(5);
        List<byte[]> pool = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            byte[] k = new byte[13];
            rnd.nextBytes(k);
            pool.add(k);
        }
        List<MemoryTable> tables = tables(rnd, pool).subList(0, 3);
        IndexStore store = IndexStore.open(IndexKind.CONNECTION4, root);
        List<Path> inputs = new ArrayList<>();
        for (MemoryTable t : tables) {
            store.add(t);
            store.flush();
        }
        store.files().forEach(f -> inputs.add(f.path()));
        String deleted = tables.get(1).archives.iterator().next();
        byte[][] keep = new byte[inputs.size()][];
        for (int i = 0; i < inputs.size(); i++) {
            keep[i] = java.nio.file.Files.readAllBytes(inputs.get(i));
        }
        assertTrue(store.mergeOnce(3, deleted::equals, 3));
        assertEquals(1, store.files().size());
        assertTrue(!store.covered().contains(deleted));
        for (byte[] k : pool) {
            assertTrue(store.lookup(k, Long.MIN_VALUE, Long.MAX_VALUE).intervals().stream()
                    .noneMatch(iv -> iv.archive().equals(deleted)));
        }
        // a crash after the merged file was published but before its inputs were deleted
        for (int i = 0; i < inputs.size(); i++) {
            java.nio.file.Files.write(inputs.get(i), keep[i]);
        }
        IndexStore reopened = IndexStore.open(IndexKind.CONNECTION4, root);
        assertEquals(1, reopened.files().size(), "the replaced inputs are deleted at open");
        inputs.forEach(p -> assertTrue(java.nio.file.Files.notExists(p)));
    }
}
