package org.nsr.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.nsr.metrics.Metrics;
import org.nsr.testing.FakeTicker;

class CompressionLevelTest {
    private final FakeTicker ticker = new FakeTicker(Instant.parse("2026-12-01T00:00:00Z"));
    private final Metrics metrics = new Metrics();
    private final CompressionLevel level = CompressionLevel.auto(2, ticker, metrics);

    private double gauge() {
        return metrics.value("nsr_compression_level");
    }

    private double changes(String direction) {
        return metrics.value("nsr_compression_level_changes_total", "direction", direction);
    }

    @Test
    void autoStartsAtTheDefaultLevelAndStepsDownWhileFilesWaitForAWorker() {
        assertEquals(CompressionLevel.CEILING, level.current());
        ticker.advance(CompressionLevel.DOWN_HOLD);
        level.observe(3);
        assertEquals(3, level.current());
        level.observe(4);
        assertEquals(3, level.current(), "one step per hold, not one per file queued");
        ticker.advance(CompressionLevel.DOWN_HOLD);
        level.observe(4);
        ticker.advance(CompressionLevel.DOWN_HOLD);
        level.observe(4);
        assertEquals(1, level.current());
        ticker.advance(CompressionLevel.DOWN_HOLD);
        level.observe(9);
        assertEquals(0, level.current(), "level 1 still falls behind: stored blocks");
        ticker.advance(CompressionLevel.DOWN_HOLD);
        level.observe(9);
        assertEquals(CompressionLevel.FLOOR, level.current(), "never below the floor");
        assertEquals(0, CompressionLevel.FLOOR);
        assertEquals(0.0, gauge());
        assertEquals(4.0, changes("down"));
    }

    @Test
    void aBusyButNotBehindPoolKeepsItsLevel() {
        ticker.advance(Duration.ofMinutes(5));
        level.observe(2); // both workers busy, nothing waiting
        level.observe(1);
        assertEquals(CompressionLevel.CEILING, level.current());
        level.observe(2);
        assertEquals(0.0, changes("down") + changes("up"));
    }

    @Test
    void autoStepsBackUpOnlyAfterTheUpHoldOnceTheBacklogDrains() {
        ticker.advance(CompressionLevel.DOWN_HOLD);
        level.observe(3);
        ticker.advance(CompressionLevel.DOWN_HOLD);
        level.observe(3);
        assertEquals(2, level.current());

        level.observe(0);
        ticker.advance(CompressionLevel.UP_HOLD.minusSeconds(1));
        level.observe(1);
        assertEquals(2, level.current(), "drained, but not yet for the hold");
        ticker.advance(Duration.ofSeconds(1));
        level.observe(1);
        assertEquals(3, level.current());
        ticker.advance(CompressionLevel.UP_HOLD);
        level.observe(0);
        ticker.advance(CompressionLevel.UP_HOLD);
        level.observe(0);
        assertEquals(CompressionLevel.CEILING, level.current(), "never above the ceiling");
        assertEquals(4.0, gauge());
        assertEquals(2.0, changes("up"));
        assertEquals(2.0, changes("down"));
    }

    private static final long MB = 1 << 20;

    @Test
    void stoppingKeepsTheLevelWhenTheRestDrainsWithinTheBudgetButLeavesAFixedLevelAlone() {
        level.draining(8 * MB, 2); // a few MB: level 4 drains them in well under a second
        assertEquals(CompressionLevel.CEILING, level.current());
        assertEquals(0.0, changes("down"));

        CompressionLevel fixed = CompressionLevel.fixed(6, ticker, new Metrics());
        ticker.advance(Duration.ofMinutes(1));
        fixed.observe(100);
        fixed.draining(100_000 * MB, 2);
        assertEquals(6, fixed.current());
    }

    @Test
    void stoppingWithMoreThanTheBudgetAllowsDrainsAtTheBestLevelThatFitsAndStaysThere() {
        // 1.5 GB on 2 threads: level 4 (11 ns/byte) takes ~8.6 s, level 1 (6.3 ns/byte) ~5 s, level 0 a disk-bound ~7.5 s.
        // Measured blocks say level 1 costs 5 ns/byte here: it fits.
        for (int i = 0; i < 200; i++) {
            level.costs().block(1, 256 << 10, 46 << 10, 5L * (256 << 10));
        }
        level.draining(1500 * MB, 2);
        assertEquals(1, level.current());
        assertEquals(1.0, changes("down"));
        ticker.advance(Duration.ofMinutes(5));
        level.observe(0);
        assertEquals(1, level.current(), "no step back up while draining");
        level.draining(1500 * MB, 2);
        assertEquals(1.0, changes("down"), "one drain decision");
    }

    @Test
    void aDrainNoLevelFitsTakesTheQuickest() {
        level.costs().synced(1000 * MB, 1_000_000_000L); // a fast disk: 1 GB/s, stored blocks are CPU-cheap
        level.draining(20_000 * MB, 2);
        assertEquals(0, level.current());
        assertTrue(level.costs().estimateNanos(0, 20_000 * MB, 2) > CompressionLevel.DRAIN_BUDGET.toNanos());
    }

    @Test
    void aSlowDiskMakesTheDrainPreferACompressingLevelOverStoredBlocks() {
        for (int i = 0; i < 20; i++) {
            level.costs().synced(100 * MB, 2_000_000_000L); // 50 MB/s
        }
        level.draining(600 * MB, 2); // stored: 12 s of disk; level 1: 1.9 s CPU, 2.2 s disk
        assertTrue(level.current() >= 1, "level " + level.current());
        assertTrue(level.costs().estimateNanos(level.current(), 600 * MB, 2)
                <= CompressionLevel.DRAIN_BUDGET.toNanos());
    }

    @Test
    void levelBytesAreCountedPerLevel() {
        level.costs().block(0, 1000, 1010, 100);
        level.costs().block(3, 2000, 300, 10_000);
        assertEquals(1000.0, metrics.value("nsr_compress_level_bytes_total", "level", "0"));
        assertEquals(2000.0, metrics.value("nsr_compress_level_bytes_total", "level", "3"));
    }
}
