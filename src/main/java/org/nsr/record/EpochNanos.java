package org.nsr.record;

import java.time.Clock;
import java.time.Instant;

/** Record time as one long, nanoseconds since the epoch, and back. */
public final class EpochNanos {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private EpochNanos() {
    }

    public static long of(Instant instant) {
        return instant.getEpochSecond() * NANOS_PER_SECOND + instant.getNano();
    }

    /** The clock's reading in epoch nanoseconds (tests inject a fake clock). */
    public static long now(Clock clock) {
        return of(clock.instant());
    }

    public static Instant toInstant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, NANOS_PER_SECOND),
                Math.floorMod(epochNanos, NANOS_PER_SECOND));
    }
}
