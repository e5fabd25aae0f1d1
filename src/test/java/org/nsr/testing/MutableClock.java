package org.nsr.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand. Thread-safe: readers on other threads see every advance. */
public final class MutableClock extends Clock {
    private final AtomicLong epochNanos;
    private final ZoneId zone;

    public MutableClock(Instant start, ZoneId zone) {
        this(new AtomicLong(start.getEpochSecond() * 1_000_000_000L + start.getNano()), zone);
    }

    public MutableClock(Instant start) {
        this(start, ZoneId.of("UTC"));
    }

    private MutableClock(AtomicLong shared, ZoneId zone) {
        this.epochNanos = shared;
        this.zone = zone;
    }

    public void advance(Duration d) {
        epochNanos.addAndGet(d.toNanos());
    }

    public void set(Instant instant) {
        epochNanos.set(instant.getEpochSecond() * 1_000_000_000L + instant.getNano());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return new MutableClock(epochNanos, newZone);
    }

    @Override
    public Instant instant() {
        long n = epochNanos.get();
        return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
    }
}
