package org.nsr.source.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nsr.core.StopSignal;
import org.nsr.testing.FakeTicker;

class RealtimeStageTest {
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final long T0 = START.getEpochSecond() * 1_000_000_000L;

    private static FlowRecord at(long offsetNanos, int seq) {
        return new FlowRecord(1, seq, T0 + offsetNanos, 1, 2, 3, 4, 6, 1, 100);
    }

    @Test
    void eachRunOfDueFlowsIsWrittenAndFlushedWhenTheClockReachesIt() throws Exception {
        FakeTicker ticker = FakeTicker.advancingOnAwait(START);
        List<String> events = new ArrayList<>();
        ChunkSink out = new ChunkSink() {
            @Override
            public void accept(List<FlowRecord> flows) {
                StringBuilder sb = new StringBuilder("write");
                flows.forEach(f -> sb.append(' ').append(f.sequence()));
                events.add(sb + " at " + (ticker.epochNanos() - T0) / 1000 + "us");
            }

            @Override
            public void flush() {
                events.add("flush");
            }
        };
        GenerationStats stats = new GenerationStats(1);
        RealtimeStage stage = new RealtimeStage(out, ticker, StopSignal.NEVER, stats);
        stage.accept(List.of(at(0, 0), at(100_000, 1), at(5_000_000, 2), at(5_000_000, 3), at(20_000_000, 4)));
        assertEquals(List.of("write 0 1 at 0us", "flush", "write 2 3 at 5000us", "flush", "write 4 at 20000us", "flush"),
                events);
        assertEquals(List.of(5_000_000L, 15_000_000L), ticker.waits());
        assertEquals(0, stats.lateInRealtime());
    }

    @Test
    void flowsAlreadyPastTheirTimeGoOutAtOnceAndAreCountedLate() throws Exception {
        FakeTicker ticker = FakeTicker.advancingOnAwait(START.plusMillis(50));
        List<Integer> sizes = new ArrayList<>();
        GenerationStats stats = new GenerationStats(1);
        new RealtimeStage(flows -> sizes.add(flows.size()), ticker, StopSignal.NEVER, stats)
                .accept(List.of(at(0, 0), at(10_000_000, 1), at(49_500_000, 2)));
        assertEquals(List.of(3), sizes);
        assertEquals(List.of(), ticker.waits());
        assertEquals(2, stats.lateInRealtime(), "the flows more than 1 ms late");
    }
}
