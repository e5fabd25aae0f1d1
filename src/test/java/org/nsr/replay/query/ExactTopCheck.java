package org.nsr.replay.query;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nsr.filter.Filter;

/**
 * Run in a JVM of its own ({@link ExactTopUnderSmallHeapTest} forks it with a small heap): feeds
 * {@code N} flows of almost all distinct (src, dst) pairs into a {@link FlowAggregator} sized by the
 * heap, and compares its top 10 by bytes with a brute force over the sorted keys. Prints "ok" and
 * the spill count, or the difference, and exits 0 or 1.
 */
public final class ExactTopCheck {
    private ExactTopCheck() {
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        long seed = 42;
        long[] keys = new long[n];
        long[] bytes = new long[n];
        SplittableRandom rnd = new SplittableRandom(seed);
        int maxGroups = FlowAggregator.maxGroupsForHeap(Runtime.getRuntime().maxMemory());
        try (FlowAggregator agg = new FlowAggregator(Grouping.parse("flow"), FlowFilter.NONE, Filter.ALL, maxGroups,
                null)) {
            for (int i = 0; i < n; i++) {
                // a few heavy pairs recur among millions of distinct ones
                int src = rnd.nextInt(8) == 0 ? rnd.nextInt(50) : rnd.nextInt();
                int dst = rnd.nextInt(8) == 0 ? rnd.nextInt(50) : rnd.nextInt();
                long b = 40 + rnd.nextInt(1_500_000);
                keys[i] = GroupKey.packEnds(src, dst);
                bytes[i] = b;
                agg.flow(1_700_000_000_000_000_000L + i, src, dst, 1000, 443, 6, 1, b, Double.NaN, Double.NaN);
            }
            QueryReport report = new QueryReport(agg, 0, 10, QueryReport.TopBy.BYTES);
            List<Map.Entry<GroupKey, FlowAggregator.Volume>> top = report.topVolumes();
            String ours = top.stream().map(e -> e.getKey().packedEnds() + "=" + e.getValue().bytes).toList().toString();
            String brute = bruteForce(keys, bytes);
            if (!ours.equals(brute)) {
                System.out.println("differ: ours " + ours + " brute force " + brute);
                System.exit(1);
            }
            System.out.println("ok groups=" + report.volumeTop().groups() + " spills=" + agg.spills()
                    + " maxGroups=" + maxGroups + " top=" + ours);
        } catch (Exception e) {
            e.printStackTrace(System.out);
            System.exit(1);
        }
    }

    /** Sorts (key, bytes) by key, sums runs, keeps the 10 largest (ties by key, as the report orders them). */
    static String bruteForce(long[] keys, long[] bytes) {
        int n = keys.length;
        long[] k = keys.clone();
        long[] b = bytes.clone();
        sort(k, b, 0, n - 1);
        long[][] best = new long[10][];
        int filled = 0;
        for (int i = 0; i < n; ) {
            long key = k[i];
            long sum = 0;
            while (i < n && k[i] == key) {
                sum += b[i++];
            }
            long[] cand = {key, sum};
            if (filled < 10) {
                best[filled++] = cand;
            } else {
                int worst = 0;
                for (int j = 1; j < 10; j++) {
                    if (worse(best[j], best[worst])) {
                        worst = j;
                    }
                }
                if (worse(best[worst], cand)) {
                    best[worst] = cand;
                }
            }
        }
        long[][] sorted = Arrays.copyOf(best, filled);
        Arrays.sort(sorted, (x, y) -> worse(x, y) ? 1 : worse(y, x) ? -1 : 0);
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < sorted.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(sorted[i][0]).append('=').append(sorted[i][1]);
        }
        return sb.append(']').toString();
    }

    /** x ranks below y: fewer bytes, or equal bytes and a larger key (src, then dst, as ints). */
    private static boolean worse(long[] x, long[] y) {
        if (x[1] != y[1]) {
            return x[1] < y[1];
        }
        int c = Integer.compare((int) (x[0] >>> 32), (int) (y[0] >>> 32));
        return c != 0 ? c > 0 : Integer.compare((int) x[0], (int) y[0]) > 0;
    }

    private static void sort(long[] k, long[] b, int lo, int hi) {
        while (lo < hi) {
            long pivot = k[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (k[i] < pivot) {
                    i++;
                }
                while (k[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long t = k[i];
                    k[i] = k[j];
                    k[j] = t;
                    t = b[i];
                    b[i] = b[j];
                    b[j] = t;
                    i++;
                    j--;
                }
            }
            if (j - lo < hi - i) {
                sort(k, b, lo, j);
                lo = i;
            } else {
                sort(k, b, i, hi);
                hi = j;
            }
        }
    }
}
