package org.nsr.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.Ipv4;
import org.nsr.record.codec.LineKinds;

class TrafficWindowTest {
    private static final long T0 = 1_800_000_000_000_000_000L;
    private final Flow flow = new Flow();

    private void add(TrafficWindow w, long t, String src, String dst, int proto, long bytes) {
        w.add(flow.fill(LineKinds.OTHER, t, (int) Ipv4.parseDotted(src), (int) Ipv4.parseDotted(dst), 1000, 80, proto,
                1, bytes, Double.NaN, Double.NaN));
    }

    @Test
    void topTalkersAndConversationsAreRankedByBytesOverTheirWindow() {
        TrafficWindow w = new TrafficWindow(100);
        add(w, T0, "10.0.0.1", "10.0.0.9", 6, 5_000); // 4 minutes before the newest: in 5 min, not in 1 min
        add(w, T0 + 240_000_000_000L, "10.0.0.2", "10.0.0.9", 17, 300);
        add(w, T0 + 240_000_000_000L, "10.0.0.3", "10.0.0.9", 6, 200);
        add(w, T0 + 240_500_000_000L, "10.0.0.2", "10.0.0.8", 17, 100);
        List<TrafficWindow.Top> oneMinute = w.topTalkers(1, 10);
        assertEquals(List.of(new TrafficWindow.Top("10.0.0.2", 400, 2), new TrafficWindow.Top("10.0.0.3", 200, 1)),
                oneMinute);
        assertEquals("10.0.0.1", w.topTalkers(5, 10).get(0).key());
        assertEquals("10.0.0.2 → 10.0.0.9", w.topConversations(1, 10).get(0).key());
        assertEquals(1, w.topTalkers(5, 1).size());
        assertEquals(List.of(new TrafficWindow.Top("UDP", 400, 2), new TrafficWindow.Top("TCP", 200, 1)),
                w.protocolMix(1));
        assertEquals(600, w.second(Math.floorDiv(T0, 1_000_000_000L) + 240)[0]);
    }

    @Test
    void memoryStaysBoundedUnderAHundredThousandSourceIpsAndTheOverflowIsCounted() {
        TrafficWindow w = new TrafficWindow(1_000);
        for (int i = 0; i < 100_000; i++) {
            add(w, T0 + i * 1_000_000L, "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), "10.9.9.9", 6, 60);
        }
        assertEquals(100_000, w.totalFlows());
        // 100 s of flows: 10 buckets of 10 s keep 1,000 talkers each; the other 90,000 count but are not kept.
        assertEquals(90_000, w.overflowFlows(), "flows past the bound are counted, not kept");
        assertTrue(w.topTalkers(5, 10).size() == 10);
        assertEquals(60_000, w.second(Math.floorDiv(T0, 1_000_000_000L) + 50)[0], "totals still count every flow");
    }

    @Test
    void aFlowWithoutAByteCountStandsForOneSecondOfItsRate() {
        TrafficWindow w = new TrafficWindow(100);
        w.add(flow.fill(LineKinds.OTHER, T0, 1, 2, 1, 2, 6, Flow.UNKNOWN, Flow.UNKNOWN, 8_000, 10));
        assertEquals(1_000, w.topTalkers(1, 1).get(0).bytes());
    }

    @Test
    void aLateFlowIntoAnOlderBucketShowsInTheFiveMinuteListsAtTheNextTick() {
        TrafficWindow w = new TrafficWindow(100);
        add(w, T0, "10.0.0.1", "10.0.0.9", 6, 100);
        add(w, T0 + 60_000_000_000L, "10.0.0.2", "10.0.0.9", 6, 150);
        assertEquals("10.0.0.2", w.topTalkers(5, 1).get(0).key());
        add(w, T0 + 1_000_000_000L, "10.0.0.1", "10.0.0.9", 6, 100); // late, into the first bucket
        assertEquals(List.of(new TrafficWindow.Top("10.0.0.1", 200, 2)), w.topTalkers(5, 1));
        assertEquals(List.of(new TrafficWindow.Top("10.0.0.1 → 10.0.0.9", 200, 2)), w.topConversations(5, 1));
        add(w, T0 + 60_500_000_000L, "10.0.0.2", "10.0.0.9", 6, 100); // into the newest bucket
        assertEquals(List.of(new TrafficWindow.Top("10.0.0.2", 250, 2), new TrafficWindow.Top("10.0.0.1", 200, 2)),
                w.topTalkers(5, 10));
    }
}
