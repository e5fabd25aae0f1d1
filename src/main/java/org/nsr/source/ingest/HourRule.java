package org.nsr.source.ingest;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Which real hour a record counts in. The seed's {@code hour} (0..23) alone names no day, so:
 * <ul>
 *   <li>with {@code time} (epoch milliseconds, or ISO-8601 such as {@code 2026-12-01T20:15:00Z}),
 *       the record counts in the UTC hour holding that instant; a {@code hour} sent with it must
 *       be that hour's hour of day (UTC), or the request is refused;</li>
 *   <li>with {@code hour} alone, it counts in the latest hour with that hour of day (UTC) that
 *       starts at or before the moment the recorder received it: hour 5 sent at 07:40 is today's
 *       05:00, sent at 04:10 yesterday's 05:00. So day 2's hour 5 never adds to day 1's.</li>
 * </ul>
 * {@code GET /flows?hour=N} reads with the same rule at the moment of the GET.
 */
final class HourRule {
    static final long HOUR_MS = 3_600_000L;

    private HourRule() {
    }

    /** Start (epoch ms) of the latest hour with hour of day {@code hourOfDay} starting at or before {@code nowMillis}. */
    static long latest(int hourOfDay, long nowMillis) {
        long nowHour = Math.floorDiv(nowMillis, HOUR_MS);
        int nowHod = (int) Math.floorMod(nowHour, 24);
        return (nowHour - Math.floorMod(nowHod - hourOfDay, 24)) * HOUR_MS;
    }

    static long hourStart(long millis) {
        return Math.floorDiv(millis, HOUR_MS) * HOUR_MS;
    }

    static int hourOfDay(long hourStartMillis) {
        return (int) Math.floorMod(Math.floorDiv(hourStartMillis, HOUR_MS), 24);
    }

    /** Epoch ms from digits or ISO-8601 text, or throws with what was expected. */
    static long parseTime(String text) {
        if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Long.parseLong(text);
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time; expected epoch milliseconds or "
                    + "ISO-8601 such as 2026-12-01T20:15:00Z");
        }
    }
}
