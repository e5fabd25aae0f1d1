package org.nsr.write;

import org.nsr.record.EpochNanos;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * Rotation as a value: the length of one file's slot and the zone its names are stamped in.
 *
 * <p>Slot k covers {@code [k·length, (k+1)·length)} on the zone's standard-time wall clock, so a
 * 1-hour slot starts on the hour even in a zone offset by a half hour, and a daylight saving
 * change never makes a slot shorter or longer.
 */
public final class RollCycle {
    private final long lengthNanos;
    private final ZoneId zone;

    public RollCycle(Duration length, ZoneId zone) {
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("roll cycle length must be positive, got " + length);
        }
        this.lengthNanos = length.toNanos();
        this.zone = zone;
    }

    public long lengthNanos() {
        return lengthNanos;
    }

    public ZoneId zone() {
        return zone;
    }

    /** Start (epoch ns) of the slot that contains {@code epochNanos}. */
    public long slotStart(long epochNanos) {
        long offset = standardOffsetNanos(epochNanos);
        return Math.floorDiv(epochNanos + offset, lengthNanos) * lengthNanos - offset;
    }

    /** End (exclusive, epoch ns) of the slot that contains {@code epochNanos}. */
    public long slotEnd(long epochNanos) {
        return slotStart(epochNanos) + lengthNanos;
    }

    /** The local wall time a slot starting at {@code slotStartNanos} is stamped with. */
    public LocalDateTime localStamp(long slotStartNanos) {
        return LocalDateTime.ofInstant(EpochNanos.toInstant(slotStartNanos), zone);
    }

    private long standardOffsetNanos(long epochNanos) {
        Instant at = Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L));
        return zone.getRules().getStandardOffset(at).getTotalSeconds() * 1_000_000_000L;
    }
}
