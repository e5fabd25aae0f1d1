package org.nsr.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        assertEquals(CompressionLevel.FLOOR, level.current(), "never below the floor");
        assertEquals(1.0, gauge());
        assertEquals(3.0, changes("down"));
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

    @Test
    void stoppingDropsAnAutoLevelToTheFloorButLeavesAFixedLevelAlone() {
        level.draining();
        assertEquals(CompressionLevel.FLOOR, level.current());
        assertEquals(1.0, changes("down"));

        CompressionLevel fixed = CompressionLevel.fixed(6, ticker, new Metrics());
        ticker.advance(Duration.ofMinutes(1));
        fixed.observe(100);
        fixed.draining();
        assertEquals(6, fixed.current());
    }
}
