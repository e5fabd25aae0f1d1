package org.nsr.record.codec;

/**
 * Normalises a record's {@code "timestamp"} to nanoseconds since the epoch.
 *
 * <p>Poll lines carry epoch milliseconds, generator lines epoch nanoseconds, and the files do not
 * say which. The rule: a value whose magnitude is below {@value #MILLIS_LIMIT} (1e14) is taken as
 * milliseconds, anything else as nanoseconds. 1e14 ms is the year 5138 and 1e14 ns is the second
 * day of 1970, so no real timestamp of either kind is on the wrong side.
 */
public final class TimestampUnits {
    /** Below this magnitude a timestamp is epoch milliseconds. */
    public static final long MILLIS_LIMIT = 100_000_000_000_000L;

    private TimestampUnits() {
    }

    public static long toNanos(long raw) {
        return isMillis(raw) ? raw * 1_000_000L : raw;
    }

    public static boolean isMillis(long raw) {
        return raw < MILLIS_LIMIT && raw > -MILLIS_LIMIT;
    }

    /** For fractional values ({@code 1724305992123.5}): the same rule, rounded to the nanosecond. */
    public static long toNanos(java.math.BigDecimal raw) {
        boolean millis = raw.abs().compareTo(java.math.BigDecimal.valueOf(MILLIS_LIMIT)) < 0;
        java.math.BigDecimal nanos = millis ? raw.movePointRight(6) : raw;
        return nanos.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    }
}
