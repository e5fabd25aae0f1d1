package org.nsr.replay.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.filter.Filter;

class ExactTopUnderSmallHeapTest {
    @TempDir
    Path dir;

    @Test
    void fiveMillionDistinctPairsUnderA512MbHeapGiveTheBruteForceTop10() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), ExactTopCheck.class.getName(), "5000000")
                .redirectErrorStream(true).start();
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            p.destroyForcibly();
            throw e;
        }
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the check ends");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("ok groups="), out);
        assertTrue(!out.contains("spills=0 "), "5 M groups cannot fit a 512 MB heap's tables: " + out);
    }

    @Test
    void aTinyGroupLimitSplitsPartitionsSeveralLevelsDeepAndStaysExact() throws Exception {
        SplittableRandom rnd = new SplittableRandom(7);
        Map<List<Integer>, long[]> brute = new HashMap<>();
        try (FlowAggregator agg = new FlowAggregator(Grouping.parse("src_ip,dst_port,proto"), FlowFilter.NONE,
                Filter.ALL, 200, dir)) {
            for (int i = 0; i < 60_000; i++) {
                int src = rnd.nextInt(2_500);
                int port = rnd.nextInt(4);
                int proto = rnd.nextBoolean() ? 6 : 17;
                long bytes = 1 + rnd.nextInt(10_000);
                long t = 1_000_000_000L * rnd.nextInt(10_000);
                agg.flow(t, src, 99, 7, port, proto, 2, bytes, Double.NaN, Double.NaN);
                long[] v = brute.computeIfAbsent(List.of(src, port, proto), k -> new long[] {0, 0, 0, Long.MAX_VALUE,
                    Long.MIN_VALUE});
                v[0]++;
                v[1] += 2;
                v[2] += bytes;
                v[3] = Math.min(v[3], t);
                v[4] = Math.max(v[4], t);
            }
            assertTrue(agg.spills() > 100, "spills: " + agg.spills());
            Map<GroupKey, FlowAggregator.Volume> ours = agg.volumes();
            assertEquals(brute.size(), ours.size());
            ours.forEach((k, v) -> {
                long[] e = brute.get(List.of(k.src(), k.dstPort(), k.protocol()));
                assertEquals(List.of(e[0], e[1], e[2], e[3], e[4]),
                        List.of(v.flows, v.packets, v.bytes, v.firstNanos, v.lastNanos), k.toString());
                assertEquals(GroupKey.ALL, k.srcPort());
                assertEquals(0, k.dst());
            });
            assertEquals(ours.size(), agg.volumes().size(), "a second pass over the spills gives the same groups");
        }
    }

    @Test
    void eitherEndCountsAFlowOnceForEachEnd() throws Exception {
        try (FlowAggregator agg = new FlowAggregator(Grouping.parse("ip"), FlowFilter.NONE, Filter.ALL, 100, dir)) {
            agg.flow(0, 1, 2, 10, 20, 6, 3, 300, Double.NaN, Double.NaN);
            agg.flow(0, 2, 3, 10, 20, 6, 1, 100, Double.NaN, Double.NaN);
            Map<GroupKey, FlowAggregator.Volume> v = agg.volumes();
            assertEquals(3, v.size());
            assertEquals(400, v.get(new GroupKey(GroupKey.ALL, 2, 0, GroupKey.ALL)).bytes, "2 is an end of both");
            assertEquals(300, v.get(new GroupKey(GroupKey.ALL, 1, 0, GroupKey.ALL)).bytes);
        }
    }
}
