package org.nsr.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuBudgetTest {
    private static final long MS = 1_000_000L;

    @Test
    void twoPercentOfFourProcessorsAllowEightyMillisecondsOfCpuASecond() {
        assertEquals(80 * MS, new CpuBudget(0.02, 4).cpuNanosPerSecond(), 1);
    }

    @Test
    void aThreadThatUsesMoreThanItsShareIsToldToSkipUntilTheWallClockCatchesUp() {
        CpuBudget b = new CpuBudget(0.02, 4); // 80 ms of CPU per second, at most 80 ms banked
        long wall = 0;
        long cpu = 0;
        assertTrue(b.allow(wall, cpu));
        cpu += 79 * MS; // the first batches used almost the whole bank at once
        assertTrue(b.allow(wall, cpu));
        cpu += 2 * MS;
        assertFalse(b.allow(wall, cpu), "81 ms used with no time passed: over the 80 ms bank");
        wall += 10 * MS; // 10 ms of wall time earn 0.8 ms of CPU: still 0.2 ms short
        assertFalse(b.allow(wall, cpu));
        wall += 10 * MS;
        assertTrue(b.allow(wall, cpu), "20 ms of wall time paid the 1 ms debt back");
    }

    @Test
    void aThreadWithinItsShareIsNeverToldToSkip() {
        CpuBudget b = new CpuBudget(0.02, 4);
        long cpu = 0;
        for (long wall = 0; wall < 10_000 * MS; wall += 10 * MS) {
            assertTrue(b.allow(wall, cpu), "at " + wall / MS + " ms");
            cpu += MS / 2; // 50 ms of CPU a second: within 80
        }
    }

    @Test
    void idleTimeBanksAtMostOneSecondOfBudget() {
        CpuBudget b = new CpuBudget(0.02, 4);
        b.allow(0, 0);
        long wall = 3_600_000 * MS; // an idle hour
        assertTrue(b.allow(wall, 0));
        assertFalse(b.allow(wall, 81 * MS), "an idle hour banks 80 ms, not 288 s");
    }

    @Test
    void aShareOutsideZeroToOneIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CpuBudget(0, 4));
        assertTrue(e.getMessage().contains("0.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CpuBudget(1.5, 4));
    }
}
