package org.nsr.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.nsr.testing.FakeTicker;

class ProgressTest {
    @Test
    void theBarIsRedrawnAtMostFourTimesASecondAndEndsItsLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FakeTicker clock = new FakeTicker(java.time.Instant.parse("2025-08-22T10:00:00Z"));
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), clock);
        long t = 1_755_856_800_000_000_000L;
        p.update(1, 4, 10, t);
        clock.advance(java.time.Duration.ofMillis(100));
        p.update(1, 4, 20, t);
        clock.advance(java.time.Duration.ofMillis(200));
        p.update(2, 4, 30, t);
        p.finish();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(2, out.chars().filter(c -> c == '\r').count(), out);
        assertTrue(out.contains("[###############               ] 2/4 files, 30 records, at 2025-08-22T10:00:00Z"), out);
        assertTrue(out.endsWith(System.lineSeparator()));
    }
}
