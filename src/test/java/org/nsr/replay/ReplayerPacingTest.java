package org.nsr.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.archive.ArchiveReader;
import org.nsr.core.StopSignal;
import org.nsr.metrics.Metrics;
import org.nsr.testing.FakeTicker;
import org.nsr.testing.RecordingWriter;

class ReplayerPacingTest {
    static final LocalDateTime T0 = LocalDateTime.of(2025, 8, 22, 10, 0, 0);
    static final long T0_MS = T0.toInstant(ZoneOffset.UTC).toEpochMilli();

    @TempDir
    Path dir;

    /** Notes the fake clock's reading at each delivery. */
    static class ClockedSink implements RecordSink {
        final FakeTicker clock;
        final List<Long> at = new ArrayList<>();
        final List<Long> ts = new ArrayList<>();
        final StopSignal stopAfter;
        final int limit;

        ClockedSink(FakeTicker clock, StopSignal stopAfter, int limit) {
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

    private static Pacer pacer(FakeTicker clock, StopSignal stop, double speed) {
        return Double.isInfinite(speed) ? Pacer.asFastAsPossible(clock) : Pacer.atSpeed(clock, stop, speed);
    }

    private ClockedSink replay(double speed, FakeTicker clock, boolean loop, int limit) throws Exception {
        StopSignal stop = new StopSignal();
        ClockedSink sink = new ClockedSink(clock, stop, limit);
        Pacer pacer = pacer(clock, stop, speed);
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
        FakeTicker clock = FakeTicker.advancingOnAwait(Instant.parse("2026-11-23T10:00:00Z"));
        ClockedSink sink = replay(1.0, clock, false, -1);
        assertEquals(List.of(0L, 1_000_000_000L, 1_500_000_000L, 4_000_000_000L, 60_000_000_000L), offsets(sink));
        assertEquals(List.of(1_000_000_000L, 500_000_000L, 2_500_000_000L, 56_000_000_000L), clock.waits(),
                "one wait before each record after the first, exactly the recorded gap");
    }

    @Test
    void aStopEndsAPacedWaitAtOnceWithoutReleasingTheRecordItWasWaitingFor() throws Exception {
        writeRecording();
        FakeTicker clock = new FakeTicker(Instant.parse("2026-11-23T10:00:00Z")); // only the test moves it
        StopSignal stop = new StopSignal();
        CountDownLatch fourDelivered = new CountDownLatch(4);
        ClockedSink sink = new ClockedSink(clock, stop, -1) {
            @Override
            public void accept(RecordView r) {
                super.accept(r);
                fourDelivered.countDown();
            }
        };
        Replayer replayer = new Replayer(RecordingIndex.scan(dir), new ReadSelection(Set.of(), TimeRange.ALL),
                new ArchiveReader(), new ReadStats(new Metrics()), Pacer.atSpeed(clock, stop, 1.0), false, sink, stop,
                null);
        CompletableFuture<Long> run = CompletableFuture.supplyAsync(() -> {
            try {
                return replayer.run();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        clock.awaitWaiters(1); // waiting 1 s for the second record
        clock.advance(Duration.ofSeconds(4)); // records at 1 s, 1.5 s and 4 s are now due
        assertTrue(fourDelivered.await(10, TimeUnit.SECONDS));
        clock.awaitWaiters(1); // waiting 56 s for the next file's record: stop inside that wait
        stop.raise();
        assertEquals(4L, run.get(10, TimeUnit.SECONDS), "the stop ended the wait; the 60 s record was not released");
        assertEquals(List.of(T0_MS * 1_000_000L, (T0_MS + 1000) * 1_000_000L, (T0_MS + 1500) * 1_000_000L,
                (T0_MS + 4000) * 1_000_000L), sink.ts);
        assertEquals(4_000_000_000L, clock.nanoTime(), "no fake time passed but what the test advanced");
    }

    @Test
    void speedTenDividesTheSpacingByTen() throws Exception {
        writeRecording();
        FakeTicker clock = FakeTicker.advancingOnAwait(Instant.parse("2026-11-23T10:00:00Z"));
        ClockedSink sink = replay(10.0, clock, false, -1);
        assertEquals(List.of(0L, 100_000_000L, 150_000_000L, 400_000_000L, 6_000_000_000L), offsets(sink));
    }

    @Test
    void asFastAsPossibleNeverWaits() throws Exception {
        writeRecording();
        FakeTicker clock = FakeTicker.advancingOnAwait(Instant.parse("2026-11-23T10:00:00Z"));
        ClockedSink sink = replay(Double.POSITIVE_INFINITY, clock, false, -1);
        assertEquals(5, sink.at.size());
        assertTrue(clock.waits().isEmpty());
    }

    @Test
    void aSlowSinkIsNotMadeUpByBunchingLaterRecords() throws Exception {
        writeRecording();
        FakeTicker clock = FakeTicker.advancingOnAwait(Instant.parse("2026-11-23T10:00:00Z"));
        StopSignal stop = new StopSignal();
        // the sink takes 2 s per record: records due earlier go at once, never with a negative wait
        ClockedSink sink = new ClockedSink(clock, stop, -1) {
            @Override
            public void accept(RecordView r) {
                super.accept(r);
                clock.advance(Duration.ofSeconds(2));
            }
        };
        new Replayer(RecordingIndex.scan(dir), new ReadSelection(Set.of(), TimeRange.ALL),
                new ArchiveReader(), new ReadStats(new Metrics()), Pacer.atSpeed(clock, stop, 1.0), false, sink, stop, null).run();
        assertEquals(List.of(0L, 2_000_000_000L, 4_000_000_000L, 6_000_000_000L, 60_000_000_000L), offsets(sink));
        assertTrue(clock.waits().stream().allMatch(s -> s > 0));
    }

    @Test
    void loopStartsAgainFromTheFirstRecordUntilStopped() throws Exception {
        writeRecording();
        FakeTicker clock = FakeTicker.advancingOnAwait(Instant.parse("2026-11-23T10:00:00Z"));
        ClockedSink sink = replay(1.0, clock, true, 12);
        assertEquals(12, sink.ts.size());
        assertEquals(sink.ts.subList(0, 5), sink.ts.subList(5, 10));
        // the second pass starts right after the first ends, with the recorded spacing again
        assertEquals(sink.at.get(5) + 1_000_000_000L, (long) sink.at.get(6));
    }
}
