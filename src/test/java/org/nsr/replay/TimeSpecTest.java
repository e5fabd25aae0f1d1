package org.nsr.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.nsr.config.ConfigException;

class TimeSpecTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2025-08-22T12:00:00Z"), ZoneOffset.UTC);
    private static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");

    private static long parse(String text) throws ConfigException {
        return TimeSpec.parseNanos("--from", text, NOW, TAIPEI);
    }

    private static long nanos(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    void everyDocumentedFormIsAccepted() throws ConfigException {
        assertEquals(nanos("2025-08-22T10:13:12Z"), parse("2025-08-22T10:13:12Z"));
        assertEquals(nanos("2025-08-22T10:13:12.500Z"), parse("2025-08-22T12:13:12.5+02:00"));
        assertEquals(nanos("2025-08-22T02:13:12Z"), parse("2025-08-22T10:13:12"), "local time in the zone (UTC+8)");
        assertEquals(nanos("2025-08-21T16:00:00Z"), parse("2025-08-22"), "a date is its local midnight");
        assertEquals(1_755_857_592_000L * 1_000_000L, parse("1755857592000"), "epoch milliseconds");
        assertEquals(nanos("2025-08-22T11:00:00Z"), parse("-1h"));
        assertEquals(nanos("2025-08-22T11:58:30Z"), parse("-90s"));
        assertEquals(nanos("2025-08-20T12:00:00Z"), parse("-2d"));
        assertEquals(nanos("2025-08-22T12:00:00Z"), parse("now"));
    }

    @Test
    void aMalformedTimeNamesTheOptionAndTheValue() {
        for (String bad : new String[] {"yesterday", "-1x", "2025-08-32T00:00:00Z", "17558575920001234567", "-", ""}) {
            ConfigException e = assertThrows(ConfigException.class, () -> parse(bad), bad);
            assertTrue(e.getMessage().startsWith("--from: '" + bad + "' is not a time"), e.getMessage());
        }
    }
}
