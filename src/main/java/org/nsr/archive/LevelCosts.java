package org.nsr.archive;

import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;

/**
 * What compressing costs on this machine, per deflate level: CPU nanoseconds per raw byte and the
 * ratio, as moving averages over the blocks compressed, and the rate at which archives reach the
 * disk (bytes per second of fsync). Starts from priors measured on generator flows (2-core VM,
 * JDK 17's zlib) and follows what this run measures. The drain at stop estimates from it how long
 * the rest takes at each level: the larger of the CPU time over the block threads and the disk
 * time of what that level writes. Thread-safe.
 */
final class LevelCosts {
    /** CPU ns per raw byte of a 256 KiB block, levels 0..9 (0: stored, a copy). */
    private static final double[] PRIOR_NANOS_PER_BYTE = {0.3, 6.3, 6.5, 8.8, 11, 14, 19, 24, 40, 60};
    private static final double[] PRIOR_RATIO = {1.0, 0.18, 0.17, 0.156, 0.155, 0.145, 0.137, 0.135, 0.133, 0.132};
    private static final double PRIOR_SYNC_BYTES_PER_SECOND = 200e6;
    /** Archives smaller than this sync too fast to say much about the disk. */
    private static final long SYNC_SAMPLE_MIN_BYTES = 16L << 20;
    private static final double WEIGHT = 0.05;

    private final double[] nanosPerByte = PRIOR_NANOS_PER_BYTE.clone();
    private final double[] ratio = PRIOR_RATIO.clone();
    private double syncBytesPerSecond = PRIOR_SYNC_BYTES_PER_SECOND;
    private final Counter[] rawBytes = new Counter[10];

    LevelCosts(Metrics metrics) {
        for (int l = 0; l < rawBytes.length; l++) {
            rawBytes[l] = metrics.counter("nsr_compress_level_bytes_total", "Raw bytes compressed at each deflate level",
                    "level", Integer.toString(l));
        }
    }

    /** One block compressed (a {@link BlockDeflater.Meter}). */
    void block(int level, int raw, int compressed, long cpuNanos) {
        rawBytes[level].add(raw);
        if (raw < 64 << 10) {
            return; // the last, short block of a file: its fixed costs would skew the averages
        }
        synchronized (this) {
            nanosPerByte[level] += WEIGHT * ((double) cpuNanos / raw - nanosPerByte[level]);
            ratio[level] += WEIGHT * ((double) compressed / raw - ratio[level]);
        }
    }

    /** An archive of {@code bytes} took {@code nanos} to fsync. */
    void synced(long bytes, long nanos) {
        if (bytes < SYNC_SAMPLE_MIN_BYTES || nanos <= 0) {
            return;
        }
        synchronized (this) {
            syncBytesPerSecond += 0.25 * (bytes * 1e9 / nanos - syncBytesPerSecond);
        }
    }

    synchronized long estimateNanos(int level, long raw, int threads) {
        double cpu = raw * nanosPerByte[level] / Math.max(1, threads);
        double disk = raw * ratio[level] / syncBytesPerSecond * 1e9;
        return (long) Math.max(cpu, disk);
    }

    /** The highest level up to {@code max} whose estimate fits {@code budgetNanos}; else the quickest. */
    synchronized int drainLevel(long raw, int threads, int max, long budgetNanos) {
        int quickest = max;
        for (int l = max; l >= 0; l--) {
            long t = estimateNanos(l, raw, threads);
            if (t <= budgetNanos) {
                return l;
            }
            if (t < estimateNanos(quickest, raw, threads)) {
                quickest = l;
            }
        }
        return quickest;
    }
}
