package org.nsr.write;

import org.nsr.layout.FileStage;

import org.nsr.layout.RecordingFileName;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileNamingTest {
    private static final long SECOND = 1_000_000_000L;

    private static long nanos(Instant i) {
        return i.getEpochSecond() * SECOND + i.getNano();
    }

    /** Names for consecutive slots from {@code from}, the way a writer asks for them. */
    private static List<String> namesAcross(String zone, Duration slot, Instant from, Duration span) {
        RollCycle cycle = new RollCycle(slot, ZoneId.of(zone));
        FileNamer namer = new FileNamer("flowinfo", cycle, null);
        List<String> names = new ArrayList<>();
        long end = nanos(from.plus(span));
        for (long t = cycle.slotStart(nanos(from)); t < end; t += cycle.lengthNanos()) {
            names.add(namer.nameFor(t).fileName(FileStage.ARCHIVED));
        }
        return names;
    }

    private static void assertStrictlySortedAndUnique(List<String> names) {
        assertEquals(names.size(), new HashSet<>(names).size(), "names collide: " + names);
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(null);
        assertEquals(sorted, names, "names do not sort in time order");
    }

    @Test
    void slotsAlignToMultiplesOfTheIntervalOnTheWallClock() {
        RollCycle cycle = new RollCycle(Duration.ofMinutes(2), ZoneId.of("UTC"));
        long t = nanos(Instant.parse("2026-11-23T10:13:59.999Z"));
        assertEquals(nanos(Instant.parse("2026-11-23T10:12:00Z")), cycle.slotStart(t));
        assertEquals(nanos(Instant.parse("2026-11-23T10:14:00Z")), cycle.slotEnd(t));
    }

    @Test
    void hourSlotsStartOnTheLocalHourInAHalfHourZone() {
        RollCycle cycle = new RollCycle(Duration.ofHours(1), ZoneId.of("Asia/Kolkata"));
        long start = cycle.slotStart(nanos(Instant.parse("2026-11-23T10:45:00Z")));
        assertEquals(LocalDateTime.parse("2026-11-23T16:00:00"), cycle.localStamp(start));
    }

    @Test
    void namesSortInTimeOrderAcrossMidnight() {
        List<String> names = namesAcross("Asia/Taipei", Duration.ofMinutes(2),
                Instant.parse("2026-11-23T15:50:00Z"), Duration.ofMinutes(20)); // 23:50 to 00:10 local
        assertTrue(names.contains("2026_11_23_23-58-00_flowinfo_json.zip"), names.toString());
        assertTrue(names.contains("2026_11_24_00-00-00_flowinfo_json.zip"), names.toString());
        assertStrictlySortedAndUnique(names);
    }

    @Test
    void namesStayUniqueAndSortedThroughADaylightSavingFallBack() {
        // New York falls back at 2026-11-01 02:00 EDT -> 01:00 EST: the 01:xx hour happens twice.
        List<String> names = namesAcross("America/New_York", Duration.ofMinutes(30),
                Instant.parse("2026-11-01T04:00:00Z"), Duration.ofHours(4));
        assertEquals(8, names.size());
        assertStrictlySortedAndUnique(names);
        assertTrue(names.contains("2026_11_01_01-30-00~00001_flowinfo_json.zip"), names.toString());
    }

    @Test
    void namesStaySortedThroughASpringForward() {
        List<String> names = namesAcross("America/New_York", Duration.ofMinutes(30),
                Instant.parse("2026-03-08T05:00:00Z"), Duration.ofHours(3));
        assertStrictlySortedAndUnique(names);
        assertTrue(names.contains("2026_03_08_03-00-00_flowinfo_json.zip"), names.toString());
    }

    @Test
    void aRestartInsideTheSameSlotTakesTheNextSequenceNumber() {
        RollCycle cycle = new RollCycle(Duration.ofMinutes(2), ZoneId.of("UTC"));
        long slot = cycle.slotStart(nanos(Instant.parse("2026-11-23T10:13:00Z")));
        RecordingFileName before = new FileNamer("graphinfo", cycle, null).nameFor(slot);
        RecordingFileName afterRestart = new FileNamer("graphinfo", cycle, before).nameFor(slot);
        assertEquals("2026_11_23_10-12-00~00001_graphinfo.json", afterRestart.fileName(FileStage.COMPLETE));
        assertTrue(afterRestart.compareTo(before) > 0);
        RecordingFileName next = new FileNamer("graphinfo", cycle, afterRestart).nameFor(slot + cycle.lengthNanos());
        assertEquals("2026_11_23_10-14-00_graphinfo.json", next.fileName(FileStage.COMPLETE));
        assertTrue(next.compareTo(afterRestart) > 0);
    }

    @Test
    void everyStageNameParsesBackToItsNameAndStage() {
        RecordingFileName name = new RecordingFileName("2026_11_23_10-12-00~00003", "flow_info-2");
        for (FileStage stage : FileStage.values()) {
            RecordingFileName.ParsedName parsed = RecordingFileName.parse(name.fileName(stage));
            assertNotNull(parsed, stage.toString());
            assertEquals(name, parsed.name());
            assertEquals(stage, parsed.stage());
        }
        assertEquals(3, name.sequence());
        assertEquals("2026_11_23_10-12-00~00003_flow_info-2.json", name.entryName());
        assertNull(RecordingFileName.parse("notes.txt"));
        assertNull(RecordingFileName.parse("2026_11_23_10-12-00_../x.json"));
    }
}
