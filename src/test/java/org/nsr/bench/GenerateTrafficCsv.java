package org.nsr.bench;

import java.nio.file.Path;
import org.nsr.testing.MessyTrafficCsv;

/** Writes a messy DDoS-dataset CSV for the benchmarks: {@code GenerateTrafficCsv FILE ROWS [SEED]}. */
public final class GenerateTrafficCsv {
    private GenerateTrafficCsv() {
    }

    public static void main(String[] args) throws Exception {
        long rows = Long.parseLong(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        MessyTrafficCsv.Written w = new MessyTrafficCsv().seed(seed).write(Path.of(args[0]), rows);
        System.err.println("wrote " + w.rows() + " rows (" + w.goodRows() + " good) to " + args[0]);
    }
}
