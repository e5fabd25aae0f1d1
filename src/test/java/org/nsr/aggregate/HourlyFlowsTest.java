package org.nsr.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HourlyFlowsTest {
    private static final long H = 3_600_000L;

    @Test
    void anHourWithoutDataIsTheSharedEmptyListAndCreatesNoEntry() {
        HourlyFlows f = new HourlyFlows(4);
        assertSame(List.of(), f.hour(5 * H));
        assertEquals(0, f.hoursHeld());
    }

    @Test
    void rowsComeInSrcThenDestThenVpcOrder() {
        HourlyFlows f = new HourlyFlows(4);
        f.add(H, new FlowKey("b", "a", "z"), 1, 1);
        f.add(H, new FlowKey("a", "b", "y"), 1, 1);
        f.add(H, new FlowKey("a", "b", "x"), 1, 1);
        f.add(H, new FlowKey("a", "a", "z"), 1, 1);
        assertEquals(List.of("a/a/z", "a/b/x", "a/b/y", "b/a/z"), f.hour(H).stream()
                .map(t -> t.flow().srcApp() + "/" + t.flow().destApp() + "/" + t.flow().vpcId()).toList());
    }

    @Test
    void theOldestHoursLeaveMemoryPastTheBoundAndLaterRecordsForThemAreCounted() {
        HourlyFlows f = new HourlyFlows(2);
        FlowKey k = new FlowKey("a", "b", "c");
        f.add(10 * H, k, 1, 1);
        f.add(11 * H, k, 1, 1);
        f.add(12 * H, k, 1, 1);
        assertEquals(2, f.hoursHeld());
        assertFalse(f.inMemory(10 * H));
        assertTrue(f.inMemory(11 * H));
        f.add(10 * H, k, 1, 1);
        assertEquals(1, f.recordsForOldHours());
        assertEquals(2, f.hoursHeld());
    }

    @Test
    void readersRacingEightWritersOnOneCellNeverSeeATornPair() throws Exception {
        HourlyFlows f = new HourlyFlows(1);
        FlowKey k = new FlowKey("a", "b", "c");
        AtomicBoolean run = new AtomicBoolean(true);
        AtomicLong torn = new AtomicLong();
        Thread[] writers = new Thread[8];
        for (int i = 0; i < writers.length; i++) {
            int inc = i + 1;
            writers[i] = new Thread(() -> {
                for (int n = 0; n < 200_000; n++) {
                    f.add(0, k, inc, inc);
                }
            });
            writers[i].start();
        }
        Thread reader = new Thread(() -> {
            while (run.get()) {
                for (FlowTotals t : f.hour(0)) {
                    if (t.bytesTx() != t.bytesRx()) {
                        torn.incrementAndGet();
                    }
                }
            }
        });
        reader.start();
        for (Thread w : writers) {
            w.join();
        }
        run.set(false);
        reader.join();
        assertEquals(0, torn.get());
        assertEquals(200_000L * 36, f.hour(0).get(0).bytesTx());
    }
}
