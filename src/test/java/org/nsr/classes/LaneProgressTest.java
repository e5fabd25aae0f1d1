package org.nsr.classes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.nsr.sink.Watermark;

class LaneProgressTest {
    private final Watermark source = new Watermark("source");
    private final Watermark a = new Watermark("a");
    private final Watermark b = new Watermark("b");
    private final long[] accepted = new long[2];
    private final LaneProgress progress = new LaneProgress(source, new Watermark[] {a, b},
            new LongSupplier[] {() -> accepted[0], () -> accepted[1]}, 0);
    private long seq;

    /** Routes the source's next record to {@code lane}, as the router does. */
    private void route(int lane, int last) {
        seq++;
        if (lane != last) {
            progress.switchTo(lane, seq);
        }
        accepted[lane]++;
        progress.routed(seq, accepted[lane]);
    }

    @Test
    void theSourceReachesRecordNOnlyWhenEveryClassHasReachedItsRecordsUpToN() {
        // source 1,2 -> a (1,2); 3 -> b (1); 4,5 -> a (3,4); 6 -> b (2)
        int[] lanes = {0, 0, 1, 0, 0, 1};
        int last = -1;
        for (int l : lanes) {
            route(l, last);
            last = l;
        }
        a.advanceTo(2);
        assertEquals(2, source.value(), "a's first two are source 1 and 2");
        a.advanceTo(4);
        assertEquals(2, source.value(), "source 3 is b's and not there yet");
        b.advanceTo(1);
        assertEquals(5, source.value(), "b's first is source 3; a has 4 and 5");
        b.advanceTo(2);
        assertEquals(6, source.value());
    }

    @Test
    void aRunToOneClassMovesTheSourceWithoutACheckpointPerRecord() {
        int last = -1;
        for (int i = 0; i < 1000; i++) {
            route(0, last);
            last = 0;
        }
        assertEquals(1, progress.checkpoints(), "one run, one checkpoint: not one per record");
        a.advanceTo(999);
        assertEquals(999, source.value());
        a.advanceTo(1000);
        assertEquals(1000, source.value());
    }

    @Test
    void aWaiterOnTheSourceIsPassedOnToEveryClassWriter() {
        route(0, -1);
        route(1, 0);
        progress.wantAll();
        assertEquals(1, a.wanted());
        assertEquals(1, b.wanted());
    }

    @Test
    void manyAlternationsAreThinnedToABoundAndStillNeverMoveTheSourceEarly() {
        int last = -1;
        int n = LaneProgress.MAX_CHECKPOINTS * 3;
        for (int i = 0; i < n; i++) {
            int lane = i % 2;
            route(lane, last);
            last = lane;
        }
        assertTrue(progress.checkpoints() <= LaneProgress.MAX_CHECKPOINTS + 1, "bounded: " + progress.checkpoints());
        a.advanceTo(n / 2);
        assertTrue(source.value() <= 1, "b has nothing yet: at most source 1 (a's first) is there: " + source.value());
        b.advanceTo(n / 4);
        assertTrue(source.value() <= n / 2 + 1, "b's records are every other one: " + source.value());
        b.advanceTo(n / 2);
        assertEquals(n, source.value(), "all there: the source reaches its last record");
    }
}
