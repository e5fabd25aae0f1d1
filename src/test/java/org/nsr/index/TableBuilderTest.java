package org.nsr.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableBuilderTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_800_000_000L * S;

    @TempDir
    Path dir;

    private static List<long[]> pairs(Random rnd, int n, int distinct) {
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new long[] {rnd.nextInt(distinct), T0 + (long) (rnd.nextDouble() * 600 * S)});
        }
        return out;
    }

    private static byte[] key(long id) {
        byte[] k = new byte[13];
        k[0] = 6;
        for (int i = 0; i < 8; i++) {
            k[12 - i] = (byte) (id * 0x9E3779B97F4A7C15L >>> (8 * i)); // spread over the low bytes
        }
        return k;
    }

    private static List<Object[]> entries(IndexFile f) {
        List<Object[]> out = new ArrayList<>();
        IndexFile.Cursor c = f.cursor();
        while (c.next()) {
            out.add(new Object[] {c.key, List.copyOf(c.intervals)});
        }
        return out;
    }

    @Test
    void aBuilderOverItsMemoryBudgetSpillsSortedRunsAndSealsTheSameTableAsOneWithoutABound() throws Exception {
        List<long[]> in = pairs(new Random(3), 300_000, 40_000);
        TableBuilder bounded = new TableBuilder(IndexKind.CONNECTION4, 30 * S, new MemoryBudget(0), dir.resolve("spill"));
        TableBuilder free = new TableBuilder(IndexKind.CONNECTION4, 30 * S, new MemoryBudget(Long.MAX_VALUE),
                dir.resolve("unused"));
        for (long[] p : in) {
            bounded.add(key(p[0]), p[1]);
            free.add(key(p[0]), p[1]);
            assertTrue(bounded.held() <= 1 << 16, "the bounded builder never holds more than its first buffer");
        }
        IndexFile spilled = bounded.seal("2026_01_01_00-00-00_src");
        IndexFile inMemory = free.seal("2026_01_01_00-00-00_src");
        assertNotNull(spilled.path(), "what did not fit went to disk");
        assertNull(inMemory.path(), "an unbounded table stays on the heap");
        List<Object[]> a = entries(spilled);
        List<Object[]> b = entries(inMemory);
        assertEquals(b.size(), a.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals((byte[]) b.get(i)[0], (byte[]) a.get(i)[0]);
            assertEquals(b.get(i)[1], a.get(i)[1], "entry " + i);
        }
        try (Stream<Path> s = Files.list(dir.resolve("spill"))) {
            assertEquals(List.of(spilled.path()), s.toList(), "the runs are deleted once merged");
        }
    }

    @Test
    void intervalsAreStoredInWholeSecondsThatContainTheFlowTimesAndSplitAtTheTimeout() throws Exception {
        TableBuilder b = new TableBuilder(IndexKind.IP, 10 * S, new MemoryBudget(Long.MAX_VALUE), dir);
        byte[] k = {10, 0, 0, 1};
        b.add(k, T0 + 250_000_000L);
        b.add(k, T0 + 5 * S + 10);
        b.add(k, T0 + 40 * S + 999_999_999L); // 35 s after the one before: a new interval
        IndexFile t = b.seal("a_src");
        assertEquals(List.of(new Interval(T0, T0 + 6 * S - 1, "a_src"), new Interval(T0 + 40 * S, T0 + 41 * S - 1,
                "a_src")), t.lookup(k, Long.MIN_VALUE, Long.MAX_VALUE));
        assertEquals(T0, t.minTime());
        assertEquals(T0 + 41 * S - 1, t.maxTime());
    }
}
