package org.nsr.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nsr.metrics.Metrics;

class PortScanWatchTest {
    private final Metrics metrics = new Metrics();

    private PortScanWatch watch(long threshold) {
        return new PortScanWatch(threshold, 10, metrics.counter("replaced_total", "test"));
    }

    @Test
    void withABitPerPortTheCountIsExactAndARepeatedPortCountsOnce() {
        PortScanWatch w = watch(20_000);
        long last = 0;
        for (int port = 0; port < 30_000; port++) {
            last = w.add(7, port, 100);
            w.add(7, port, 100);
        }
        assertEquals(30_000, last);
    }

    @Test
    void aHashedBitmapEstimatesDistinctPortsWithinTenPercentUpToTwiceTheThreshold() {
        Random r = new Random(11);
        for (int trial = 0; trial < 20; trial++) {
            PortScanWatch w = watch(100);
            int distinct = 50 + r.nextInt(151);
            int first = r.nextInt(60_000);
            long estimate = 0;
            for (int i = 0; i < distinct; i++) {
                estimate = w.add(9, first + i, 5); // consecutive ports: what a scan sends
            }
            assertTrue(Math.abs(estimate - distinct) <= distinct / 10, estimate + " for " + distinct);
        }
    }

    @Test
    void theCountCoversThisWindowAndThePreviousOneAndForgetsOlderPorts() {
        PortScanWatch w = watch(20_000);
        for (int port = 0; port < 50; port++) {
            w.add(3, port, 0);
        }
        assertEquals(51, w.add(3, 79, 10), "window [10, 20) adds to [0, 10)");
        for (int port = 50; port < 79; port++) {
            w.add(3, port, 10);
        }
        assertEquals(81, w.add(3, 80, 19));
        assertEquals(32, w.add(3, 81, 20), "[0, 10) is forgotten; [10, 20) had 31 ports, plus this one");
        assertEquals(1, w.add(3, 82, 45), "a whole window passed without the source: a fresh count");
    }

    @Test
    void aFullTableGivesTheSlotOfTheSourceWithFewestPortsAndCountsIt() {
        PortScanWatch w = watch(100);
        long scanner = 0;
        for (int i = 0; i < 200_000; i++) {
            w.add(0x0A000000 + i, 80, 1); // a flood: one port from each of 200,000 sources
            if (i % 1000 == 0) {
                scanner = w.add(0xC6336409, i / 1000, 1);
            }
        }
        assertTrue(scanner >= 180, "the scanner kept its slot: " + scanner + " of 200 ports");
        assertTrue(metrics.value("replaced_total") > 0);
        assertTrue(w.capacity() <= 4096 && w.heldLongs() * 8 <= PortScanWatch.BUDGET_BYTES + 4096 * 8 * 2);
    }
}
