package org.nsr.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nsr.core.StopSignal;
import org.nsr.core.Ticker;
import org.nsr.metrics.Counter;
import org.nsr.testing.MutableClock;

class ScheduleTest {
    private static final long SECOND = 1_000_000_000L;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00.300Z"));
    private final StopSignal stop = new StopSignal();
    private final Counter skipped = new Counter();
    private final List<Duration> waits = new ArrayList<>();

    /** Waiting advances the fake clock by exactly the time asked for, and records the wait. */
    private final Ticker fakeTicker = new Ticker() {
        @Override
        public long epochNanos() {
            Instant i = clock.instant();
            return i.getEpochSecond() * SECOND + i.getNano();
        }

        @Override
        public long nanoTime() {
            return epochNanos();
        }

        @Override
        public boolean await(StopSignal s, Duration d) {
            waits.add(d);
            clock.advance(d);
            return s.isRaised();
        }
    };

    private Schedule schedule(Duration interval, Duration jitter) {
        return new Schedule("test", interval, jitter, fakeTicker, bound -> bound - 1, skipped);
    }

    private long nowNanos() {
        Instant i = clock.instant();
        return i.getEpochSecond() * SECOND + i.getNano();
    }

    @Test
    void firstTickIsTheNextWholeMultipleOfTheInterval() throws Exception {
        Schedule s = schedule(Duration.ofSeconds(1), Duration.ZERO);
        long tick = s.awaitNextTick(stop);
        assertEquals(Instant.parse("2026-01-01T10:00:01Z"), Instant.ofEpochSecond(0, tick));
        assertEquals(List.of(Duration.ofMillis(700)), waits);
        assertEquals(tick, nowNanos());
    }

    @Test
    void ticksStayAlignedWithFiveSecondInterval() throws Exception {
        Schedule s = schedule(Duration.ofSeconds(5), Duration.ZERO);
        for (int i = 0; i < 10; i++) {
            long tick = s.awaitNextTick(stop);
            assertEquals(0, tick % (5 * SECOND), "tick " + i + " at " + Instant.ofEpochSecond(0, tick));
            clock.advance(Duration.ofMillis(1234)); // the poll's own work
        }
        assertEquals(0, skipped.get());
    }

    @Test
    void noDriftOverTenHoursOfTicksWithVaryingPollTimes() throws Exception {
        Schedule s = schedule(Duration.ofSeconds(1), Duration.ZERO);
        long first = s.awaitNextTick(stop);
        int ticks = 36_000;
        long last = first;
        for (int i = 1; i <= ticks; i++) {
            clock.advance(Duration.ofMillis(i % 997)); // polls of 0..996 ms, never an overrun
            last = s.awaitNextTick(stop);
        }
        assertEquals(first + ticks * SECOND, last);
        assertEquals(0, s.skippedTicks());
    }

    @Test
    void overrunningPollSkipsTheTicksItCoveredAndCountsThem() throws Exception {
        Schedule s = schedule(Duration.ofSeconds(1), Duration.ZERO);
        long t0 = s.awaitNextTick(stop);
        clock.advance(Duration.ofMillis(3500)); // covers t0+1, t0+2, t0+3
        long t1 = s.awaitNextTick(stop);
        assertEquals(t0 + 4 * SECOND, t1);
        assertEquals(3, s.skippedTicks());
        assertEquals(3, skipped.get());
        // No burst afterwards: the next tick is one interval later.
        long t2 = s.awaitNextTick(stop);
        assertEquals(t1 + SECOND, t2);
        assertEquals(3, skipped.get());
    }

    @Test
    void pollEndingExactlyOnTheNextTickSkipsNothing() throws Exception {
        Schedule s = schedule(Duration.ofSeconds(1), Duration.ZERO);
        long t0 = s.awaitNextTick(stop);
        clock.advance(Duration.ofSeconds(1));
        assertEquals(t0 + SECOND, s.awaitNextTick(stop));
        assertEquals(0, skipped.get());
    }

    @Test
    void jitterDelaysTheFiringButNotTheNominalTick() throws Exception {
        Schedule s = schedule(Duration.ofSeconds(1), Duration.ofMillis(200));
        long t0 = s.awaitNextTick(stop);
        assertEquals(0, t0 % SECOND);
        assertEquals(t0 + Duration.ofMillis(200).toNanos() - 1, nowNanos()); // jitter source gives bound-1
        for (int i = 1; i <= 100; i++) {
            long t = s.awaitNextTick(stop);
            assertEquals(t0 + i * SECOND, t);
        }
        assertEquals(0, skipped.get());
    }

    @Test
    void stopEndsTheWaitAndReturnsMinusOne() throws Exception {
        Schedule s = schedule(Duration.ofSeconds(1), Duration.ZERO);
        stop.raise();
        assertEquals(-1, s.awaitNextTick(stop));
    }

    @Test
    void theSystemTickersWaitReturnsAsSoonAsStopIsRaised() throws Exception {
        Schedule s = new Schedule("real", Duration.ofHours(1), Duration.ZERO, Ticker.SYSTEM, bound -> 0, skipped);
        Thread raiser = new Thread(() -> stop.raise());
        long start = System.nanoTime();
        raiser.start();
        assertEquals(-1, s.awaitNextTick(stop));
        raiser.join();
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "stop did not end an hour-long wait");
    }
}
