package org.nsr.csv;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * Reads a row's ISO-8601 time: {@code 2024-01-15T10:30:00}, with a space instead of the T, an
 * optional fraction and an optional offset. Corrupted values ({@code 2024-13-45 25:99:99},
 * {@code INVALID_TIME}, {@code 0000-00-00 00:00:00}) are not times. Stateless.
 */
public final class RowTime {
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffsetId().optionalEnd()
            .parseDefaulting(ChronoField.NANO_OF_SECOND, 0)
            .toFormatter();

    private RowTime() {
    }

    /** True when {@code text} is a valid ISO-8601 date and time. */
    public static boolean isTime(String text) {
        return parse(text) != null;
    }

    /** The local date-time written in {@code text} (an offset is dropped), or null. */
    public static LocalDateTime parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (t.length() < 16 || t.charAt(4) != '-') {
            return null;
        }
        try {
            var parsed = LOCAL.parseBest(t, OffsetDateTime::from, LocalDateTime::from);
            return parsed instanceof OffsetDateTime o ? o.toLocalDateTime() : (LocalDateTime) parsed;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
