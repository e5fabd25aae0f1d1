package org.nsr.archive;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.nsr.layout.FileStage;
import org.nsr.layout.RecordingFileName;

/**
 * Harness for bench/compress.sh: archives one NDJSON file the way the compression pool does and
 * prints wall MB/s and CPU seconds for: the previous way (one thread, level 4, read back by a full
 * inflate), the block-parallel deflate on THREADS threads at level 4 and at level 1 (the floor of
 * {@code level: auto} before it could store), each read back by the stored-bytes CRC check, and
 * the levels of the {@code levels} system property (comma-separated, e.g. {@code -Dlevels=2,0}).
 *
 * <p>Usage: {@code CompressThroughput FILE THREADS RUNS}; prints one line per way, medians.
 */
public final class CompressThroughput {
    private CompressThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        int runs = Integer.parseInt(args[2]);
        long bytes = Files.size(source);
        Path dir = Files.createTempDirectory("nsr-compress-bench");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            report("serial level 4 + inflate check", bytes, runs, () -> once(source, dir, 4, BlockDeflater.serial(), true));
            BlockDeflater parallel = new BlockDeflater(pool, threads * 3);
            report(threads + " threads level 4 + CRC check", bytes, runs, () -> once(source, dir, 4, parallel, false));
            report(threads + " threads level 1 + CRC check", bytes, runs, () -> once(source, dir, 1, parallel, false));
            for (String l : System.getProperty("levels", "").split(",")) {
                if (!l.isBlank()) {
                    int level = Integer.parseInt(l.trim());
                    report(threads + " threads level " + level + " + CRC check", bytes, runs,
                            () -> once(source, dir, level, parallel, false));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private interface Way {
        long run() throws IOException;
    }

    private static void report(String way, long bytes, int runs, Way w) throws IOException {
        w.run(); // warm-up
        double[] wall = new double[runs];
        double[] cpu = new double[runs];
        long out = 0;
        for (int r = 0; r < runs; r++) {
            long c0 = cpuNanos();
            long t0 = System.nanoTime();
            out = w.run();
            wall[r] = (System.nanoTime() - t0) / 1e9;
            cpu[r] = (cpuNanos() - c0) / 1e9;
        }
        java.util.Arrays.sort(wall);
        java.util.Arrays.sort(cpu);
        double s = wall[runs / 2];
        System.out.printf("%-34s %7.1f MB/s wall, %6.2f s CPU (%.0f MB per CPU-second), %.2f s wall, ratio %.2f%%%n",
                way, bytes / s / 1e6, cpu[runs / 2], bytes / cpu[runs / 2] / 1e6, s, 100.0 * out / bytes);
    }

    private static long once(Path source, Path dir, int level, BlockDeflater deflater, boolean inflateCheck)
            throws IOException {
        RecordingFileName name = new RecordingFileName("2026_12_01_00-00-00", "bench");
        Path json = dir.resolve(name.fileName(FileStage.COMPLETE));
        Files.copy(source, json, StandardCopyOption.REPLACE_EXISTING); // page cache to page cache
        ZipArchiver archiver = new ZipArchiver(level, StepHook.NONE, deflater);
        Path zip = dir.resolve(name.fileName(FileStage.ARCHIVED));
        Files.deleteIfExists(zip);
        ZipArchiver.Result r = archiver.archive(json, name, null, level);
        if (inflateCheck && !ZipArchiver.sameContent(r.archive(), source, name.entryName())) {
            throw new IllegalStateException("read back differs");
        }
        long size = r.compressedBytes();
        Files.delete(zip);
        return size;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
