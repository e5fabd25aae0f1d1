package org.nsr.csv;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RowTimeTest {
    @Test
    void isoTimesWithTOrSpaceFractionAndOffsetAreTimes() {
        for (String ok : new String[] {"2024-01-15T10:30:00", "2024-01-15 10:30:00", "2024-02-29T23:59:59.123456",
            "2024-01-15T10:30:00Z", "2024-01-15T10:30:00+08:00", " 2024-12-31T00:00:00 "}) {
            assertTrue(RowTime.isTime(ok), ok);
        }
    }

    @Test
    void theDatasetsCorruptedTimestampsAreNotTimes() {
        for (String bad : new String[] {"2024-13-45 25:99:99", "INVALID_TIME", "0000-00-00 00:00:00", "",
            "2023-02-29T10:00:00", "2024-01-15T10:30", "2024-01-15T10:30:00.", "2024-01-15T10:30:00+8"}) {
            assertFalse(RowTime.isTime(bad), bad);
        }
    }
}
