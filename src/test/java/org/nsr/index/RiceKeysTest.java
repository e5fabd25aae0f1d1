package org.nsr.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RiceKeysTest {
    private static long[] roundTrip(long[] v) {
        int n = v.length;
        int k = RiceKeys.parameter(v[0], v[n - 1], n);
        byte[] out = new byte[(int) ((RiceKeys.bits(v, n, k) + 7) / 8) + 1];
        int end = RiceKeys.write(v, n, k, out, 1);
        long[] back = new long[n];
        RiceKeys.read(out, 1, end - 1, k, v[0], back, n);
        return back;
    }

    @Test
    void sortedKeysOfEveryDensityComeBackExactly() {
        Random rnd = new Random(7);
        for (int density : new int[] {1, 16, 4096, 1 << 20, Integer.MAX_VALUE}) {
            TreeSet<Long> set = new TreeSet<>();
            while (set.size() < 3000) {
                set.add((long) rnd.nextInt(Math.max(3000 * 2, (int) Math.min(Integer.MAX_VALUE, 3000L * density))));
            }
            long[] v = set.stream().mapToLong(Long::longValue).toArray();
            assertArrayEquals(v, roundTrip(v), "density " + density);
        }
        long[] extremes = {0, 1, 2, 0xFFFF_FFFEL, 0xFFFF_FFFFL};
        assertArrayEquals(extremes, roundTrip(extremes));
        assertArrayEquals(new long[] {42}, roundTrip(new long[] {42}));
    }

    @Test
    void aCutBitStreamIsRefusedNotMisread() {
        long[] v = {5, 9, 100, 1000, 100_000};
        int k = RiceKeys.parameter(v[0], v[4], 5);
        byte[] out = new byte[(int) ((RiceKeys.bits(v, 5, k) + 7) / 8)];
        int end = RiceKeys.write(v, 5, k, out, 0);
        assertThrows(IllegalArgumentException.class, () -> RiceKeys.read(out, 0, end - 1, k, v[0], new long[5], 5));
        byte[] ones = new byte[8];
        Arrays.fill(ones, (byte) 0xFF);
        assertThrows(IllegalArgumentException.class, () -> RiceKeys.read(ones, 0, 8, 0, 0, new long[3], 3));
    }
}
