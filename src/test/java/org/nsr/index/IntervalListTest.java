package org.nsr.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class IntervalListTest {
    private static final long S = 1_000_000_000L;

    @Test
    void aGapLongerThanTheInactivityTimeoutStartsANewInterval() {
        IntervalList l = new IntervalList(0);
        for (long t : new long[] {10 * S, 40 * S, 70 * S, 101 * S + 1, 110 * S}) {
            l.add(t, 30 * S);
        }
        assertEquals(List.of(new Interval(0, 70 * S, "f"), new Interval(101 * S + 1, 110 * S, "f")), l.seal("f", 30 * S));
    }

    @Test
    void aGapOfExactlyTheTimeoutKeepsTheInterval() {
        IntervalList l = new IntervalList(0);
        l.add(30 * S, 30 * S);
        assertEquals(List.of(new Interval(0, 30 * S, "f")), l.seal("f", 30 * S));
    }

    @Test
    void lateFlowsOutOfOrderAreJoinedWhenTheListIsSealed() {
        IntervalList l = new IntervalList(100 * S);
        l.add(200 * S, 30 * S); // new interval
        l.add(110 * S, 30 * S); // late: belongs to the first
        l.add(180 * S, 30 * S); // joins the second and, with 110 s... not within 30 s of 110: stays apart
        assertEquals(List.of(new Interval(100 * S, 110 * S, "f"), new Interval(180 * S, 200 * S, "f")),
                l.seal("f", 30 * S));
    }
}
