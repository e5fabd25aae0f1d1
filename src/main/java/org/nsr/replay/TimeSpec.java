package org.nsr.replay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.nsr.config.ConfigException;
import org.nsr.config.Durations;

/**
 * Parses a {@code --from}/{@code --to} value into epoch nanoseconds. Accepted forms:
 * <ul>
 *   <li>ISO-8601 with an offset: {@code 2025-08-22T10:13:12Z}, {@code 2025-08-22T10:13:12.5+02:00};</li>
 *   <li>ISO-8601 local date-time or date, read in the given zone (the system zone by default):
 *       {@code 2025-08-22T10:13:12}, {@code 2025-08-22};</li>
 *   <li>epoch milliseconds: {@code 1755857592000};</li>
 *   <li>relative to now (the injected clock): a minus sign and a duration, {@code -90s}, {@code -15m},
 *       {@code -1h}, {@code -2d}; {@code now} is now.</li>
 * </ul>
 */
public final class TimeSpec {
    private TimeSpec() {
    }

    public static long parseNanos(String option, String text, Clock clock, ZoneId zone) throws ConfigException {
        String t = text.trim();
        try {
            if (t.equalsIgnoreCase("now")) {
                return toNanos(clock.instant());
            }
            if (t.startsWith("-") && t.length() > 1 && !Character.isDigit(t.charAt(t.length() - 1))) {
                Duration d = Durations.parse(t.substring(1), ChronoUnit.SECONDS);
                if (d != null) {
                    return toNanos(clock.instant().minus(d));
                }
            } else if (t.matches("\\d{1,16}")) {
                return Math.multiplyExact(Long.parseLong(t), 1_000_000L);
            } else if (t.contains("T") || t.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return toNanos(parseIso(t, zone));
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            // fall through to the message below
        }
        throw new ConfigException(option + ": '" + text + "' is not a time; expected ISO-8601 "
                + "(2025-08-22T10:13:12Z, 2025-08-22T10:13:12 in " + zone + ", 2025-08-22), epoch milliseconds "
                + "(1755857592000) or a time relative to now (-90s, -15m, -1h, -2d)");
    }

    private static Instant parseIso(String t, ZoneId zone) {
        if (!t.contains("T")) {
            return LocalDate.parse(t).atStartOfDay(zone).toInstant();
        }
        if (t.endsWith("Z") || t.endsWith("z")) {
            return Instant.parse(t.toUpperCase(java.util.Locale.ROOT));
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(t).atZone(zone).toInstant();
        }
    }

    private static long toNanos(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    }
}
