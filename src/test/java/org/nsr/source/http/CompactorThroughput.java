package org.nsr.source.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Harness for bench/validator.sh: MB/s of a flow body turned into its record line on one core,
 * by the fast compactor path ({@link JsonLineEncoder#encode}) and by the Jackson re-encode it
 * replaces, on pretty-printed (as the NDTwin kernel sends) and compact bodies. Median of RUNS
 * timed rounds after a warm-up; prints the ratio.
 *
 * <p>Usage: {@code CompactorThroughput FLOWS RUNS} (60000 flows is about a 40 MB pretty body).
 */
public final class CompactorThroughput {
    private CompactorThroughput() {
    }

    public static void main(String[] args) throws IOException {
        int flows = args.length > 0 ? Integer.parseInt(args[0]) : 60_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        for (boolean pretty : new boolean[] {true, false}) {
            byte[] body = pretty ? FlowBodies.pretty(flows, 1) : FlowBodies.compact(flows, 1);
            double fast = mbPerSecond(body, runs, true);
            double jackson = mbPerSecond(body, runs, false);
            System.out.printf("%-7s body %,d bytes (%d flows): compactor %.0f MB/s, Jackson re-encode %.0f MB/s,"
                    + " ratio %.1fx%n", pretty ? "pretty" : "compact", body.length, flows, fast, jackson, fast / jackson);
        }
    }

    private static double mbPerSecond(byte[] body, int runs, boolean fast) throws IOException {
        int rounds = (int) Math.max(3, 400_000_000L / body.length); // about 400 MB per timed run
        for (int w = 0; w < rounds; w++) {
            once(body, fast); // warm-up
        }
        double[] results = new double[runs];
        long sink = 0;
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            for (int k = 0; k < rounds; k++) {
                sink += once(body, fast);
            }
            long ns = System.nanoTime() - t0;
            results[r] = (double) body.length * rounds / ns * 1e3;
        }
        if (sink == 42) {
            System.out.println();
        }
        Arrays.sort(results);
        return results[runs / 2];
    }

    private static int once(byte[] body, boolean fast) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        HttpPollRecord r = fast ? JsonLineEncoder.encode(in, 1L, BodyWrap.FIELD, "flowinfo", body.length)
                : JsonLineEncoder.encodeWithJackson(in, 1L, BodyWrap.FIELD, "flowinfo", body.length);
        return r.length();
    }
}
