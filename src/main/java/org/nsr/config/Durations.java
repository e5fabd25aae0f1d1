package org.nsr.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints durations as config files spell them: {@code 250ms}, {@code 30s}, {@code 2m}. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|ms|s|m|h|d)?");

    private Durations() {
    }

    /**
     * @param text a number with an optional unit (ns, us, ms, s, m, h, d)
     * @param bareUnit the unit of a number given without one (the original setting file gives
     *     request_interval in seconds and storage_interval in minutes)
     * @return the duration, or null when {@code text} is not of that form
     */
    public static Duration parse(String text, ChronoUnit bareUnit) {
        Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        String unit = m.group(2);
        long nanosPerUnit = unit == null ? bareUnit.getDuration().toNanos() : nanosPer(unit);
        try {
            return Duration.ofNanos(amount.multiply(BigDecimal.valueOf(nanosPerUnit)).longValueExact());
        } catch (ArithmeticException e) {
            return null; // fractional nanoseconds or overflow: not a usable duration
        }
    }

    private static long nanosPer(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            default -> throw new IllegalArgumentException(unit);
        };
    }

    /** Short human form for logs: 250ms, 30s, 2m, 1h30m. */
    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos % 1_000_000 != 0) {
            return nanos + "ns";
        }
        long ms = nanos / 1_000_000;
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s % 60 != 0) {
            return s + "s";
        }
        long m = s / 60;
        return m % 60 != 0 || m == 0 ? m + "m" : (m / 60) + "h";
    }
}
