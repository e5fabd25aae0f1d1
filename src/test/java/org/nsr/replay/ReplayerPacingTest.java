package org.nsr.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.archive.ArchiveReader;
import org.nsr.core.StopSignal;
import org.nsr.metrics.Metrics;
import org.nsr.testing.FakeReplayClock;
import org.nsr.testing.RecordingWriter;

class ReplayerPacingTest {
    static final LocalDateTime T0 = LocalDateTime.of(2025, 8, 22, 10, 0, 0);
    static final long T0_MS = T0.toInstant(ZoneOffset.UTC).toEpochMilli();

    @TempDir
    Path dir;

    /** Notes the fake clock's reading at each delivery. */
    static class ClockedSink implements RecordSink {
        final FakeReplayClock clock;
        final List<Long> at = new ArrayList<>();
        final List<Long> ts = new ArrayList<>();
        final StopSignal stopAfter;
        final int limit;

        ClockedSink(FakeReplayClock clock, StopSignal stopAfter, int limit) {
            this.clock = clock;
            this.stopAfter = stopAfter;
            this.limit = limit;
        }

        @Override
        public void accept(RecordView r) {
            at.add(clock.nanoTime());
            ts.add(r.timestampNanos());
            if (at.size() == limit) {
                stopAfter.raise();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private void writeRecording() throws Exception {
        // offsets 0 s, 1 s, 1.5 s, 4 s, then a new file at 60 s
        RecordingWriter.writeZip(dir, T0, "flowinfo", List.of(
                RecordingWriter.flowinfoLine(T0_MS, "[]"),
                RecordingWriter.flowinfoLine(T0_MS + 1000, "[]"),
                RecordingWriter.flowinfoLine(T0_MS + 1500, "[]"),
                RecordingWriter.flowinfoLine(T0_MS + 4000, "[]")));
        RecordingWriter.writeZip(dir, T0.plusMinutes(1), "flowinfo", List.of(
                RecordingWriter.flowinfoLine(T0_MS + 60_000, "[]")));
    }

    private ClockedSink replay(Pacer pacer, FakeReplayClock clock, boolean loop, int limit) throws Exception {
        StopSignal stop = new StopSignal();
        ClockedSink sink = new ClockedSink(clock, stop, limit);
        new Replayer(RecordingIndex.scan(dir), new ReadSelection(Set.of(), TimeRange.ALL),
                new ArchiveReader(), new ReadStats(new Metrics()), pacer, loop, sink, stop, null).run();
        return sink;
    }

    private static List<Long> offsets(ClockedSink sink) {
        List<Long> out = new ArrayList<>();
        for (long a : sink.at) {
            out.add(a - sink.at.get(0));
        }
        return out;
    }

    @Test
    void speedOneKeepsTheRecordedSpacingOnTheInjectedClock() throws Exception {
        writeRecording();
        FakeReplayClock clock = new FakeReplayClock();
        ClockedSink sink = replay(Pacer.atSpeed(clock, 1.0), clock, false, -1);
        assertEquals(List.of(0L, 1_000_000_000L, 1_500_000_000L, 4_000_000_000L, 60_000_000_000L), offsets(sink));
    }

    @Test
    void speedTenDividesTheSpacingByTen() throws Exception {
        writeRecording();
        FakeReplayClock clock = new FakeReplayClock();
        ClockedSink sink = replay(Pacer.atSpeed(clock, 10.0), clock, false, -1);
        assertEquals(List.of(0L, 100_000_000L, 150_000_000L, 400_000_000L, 6_000_000_000L), offsets(sink));
    }

    @Test
    void asFastAsPossibleNeverWaits() throws Exception {
        writeRecording();
        FakeReplayClock clock = new FakeReplayClock();
        ClockedSink sink = replay(Pacer.asFastAsPossible(clock), clock, false, -1);
        assertEquals(5, sink.at.size());
        assertTrue(clock.sleeps().isEmpty());
    }

    @Test
    void aSlowSinkIsNotMadeUpByBunchingLaterRecords() throws Exception {
        writeRecording();
        FakeReplayClock clock = new FakeReplayClock();
        StopSignal stop = new StopSignal();
        // the sink takes 2 s per record: records due earlier go at once, never with a negative wait
        ClockedSink sink = new ClockedSink(clock, stop, -1) {
            @Override
            public void accept(RecordView r) {
                super.accept(r);
                clock.advance(2_000_000_000L);
            }
        };
        new Replayer(RecordingIndex.scan(dir), new ReadSelection(Set.of(), TimeRange.ALL),
                new ArchiveReader(), new ReadStats(new Metrics()), Pacer.atSpeed(clock, 1.0), false, sink, stop, null).run();
        assertEquals(List.of(0L, 2_000_000_000L, 4_000_000_000L, 6_000_000_000L, 60_000_000_000L), offsets(sink));
        assertTrue(clock.sleeps().stream().allMatch(s -> s > 0));
    }

    @Test
    void loopStartsAgainFromTheFirstRecordUntilStopped() throws Exception {
        writeRecording();
        FakeReplayClock clock = new FakeReplayClock();
        ClockedSink sink = replay(Pacer.atSpeed(clock, 1.0), clock, true, 12);
        assertEquals(12, sink.ts.size());
        assertEquals(sink.ts.subList(0, 5), sink.ts.subList(5, 10));
        // the second pass starts right after the first ends, with the recorded spacing again
        assertEquals(sink.at.get(5) + 1_000_000_000L, (long) sink.at.get(6));
    }
}
