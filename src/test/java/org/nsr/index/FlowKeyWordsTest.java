package org.nsr.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlowKeyWordsTest {

    /** The stored keys of a flow as the byte path gives them, packed as TableBuilder packs them. */
    private static long[] byBytes(IndexKind kind, int[] f) {
        List<Long> out = new ArrayList<>();
        kind.keys(f[0], f[1], f[2], f[3], f[4], new byte[kind.width()], k -> {
            byte[] s = kind.stored(k.clone());
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (i < s.length ? s[i] & 0xFF : 0);
            }
            out.add(v);
        });
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void theWordsOfAFlowAreTheStoredKeysTheByteBuildsGiveForEveryKindAndEitherDirection() {
        Random rnd = new Random(11);
        int[][] edges = {{6, 0, 0, 0, 0}, {255, -1, 65535, -1, 65535}, {-3, 5, -1, 5, 70_000}, {300, 7, 80, 7, 80},
            {17, 0x80000000, 53, 0x7FFFFFFF, 53}, {6, 10, 443, 10, 444}, {1, 0xC0A80001, 0, 0x0A000001, 0}};
        List<int[]> flows = new ArrayList<>(List.of(edges));
        for (int i = 0; i < 20_000; i++) {
            int ip = rnd.nextInt();
            int[] f = {rnd.nextInt(8) == 0 ? rnd.nextInt(300) - 20 : (rnd.nextBoolean() ? 6 : 17), ip,
                rnd.nextInt(70_000) - 1000, rnd.nextInt(4) == 0 ? ip : rnd.nextInt(), rnd.nextInt(66_000)};
            flows.add(f);
            flows.add(new int[] {f[0], f[3], f[4], f[1], f[2]}); // the reverse direction
        }
        long[] words = new long[2];
        for (IndexKind kind : IndexKind.values()) {
            assertTrue(FlowKeyWords.supports(kind), kind.configName());
            for (int[] f : flows) {
                int n = FlowKeyWords.words(kind, f[0], f[1], f[2], f[3], f[4], words);
                assertArrayEquals(byBytes(kind, f), java.util.Arrays.copyOf(words, n),
                        kind.configName() + " " + java.util.Arrays.toString(f));
            }
        }
    }
}
