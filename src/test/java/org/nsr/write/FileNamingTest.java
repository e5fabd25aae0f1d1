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
import java.util.stream.Stream;
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
            names.add(namer.nameFor(t, t).fileName(FileStage.ARCHIVED));
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
    void aRestartInsideTheSameSlotNamesTheFileByTheSecondItWasOpened() {
        RollCycle cycle = new RollCycle(Duration.ofMinutes(2), ZoneId.of("UTC"));
        long slot = cycle.slotStart(nanos(Instant.parse("2026-11-23T10:13:00Z")));
        RecordingFileName before = new FileNamer("graphinfo", cycle, null).nameFor(slot, slot + SECOND / 5);
        assertEquals("2026_11_23_10-12-00_graphinfo.json", before.fileName(FileStage.COMPLETE));
        long restartedAt = nanos(Instant.parse("2026-11-23T10:13:07.600Z"));
        RecordingFileName afterRestart = new FileNamer("graphinfo", cycle, before).nameFor(slot, restartedAt);
        assertEquals("2026_11_23_10-13-07_graphinfo.json", afterRestart.fileName(FileStage.COMPLETE));
        assertTrue(afterRestart.compareTo(before) > 0);
        RecordingFileName next = new FileNamer("graphinfo", cycle, afterRestart)
                .nameFor(slot + cycle.lengthNanos(), slot + cycle.lengthNanos());
        assertEquals("2026_11_23_10-14-00_graphinfo.json", next.fileName(FileStage.COMPLETE));
        assertTrue(next.compareTo(afterRestart) > 0);
    }

    @Test
    void aSecondFileOpenedWithinTheSameSecondTakesTheSequenceSuffix() {
        RollCycle cycle = new RollCycle(Duration.ofHours(1), ZoneId.of("UTC"));
        long slot = cycle.slotStart(nanos(Instant.parse("2026-11-23T19:00:00Z")));
        long opened = nanos(Instant.parse("2026-11-23T19:28:37.100Z"));
        RecordingFileName first = new FileNamer("flowinfo", cycle, null).nameFor(slot, slot);
        RecordingFileName restart = new FileNamer("flowinfo", cycle, first).nameFor(slot, opened);
        RecordingFileName again = new FileNamer("flowinfo", cycle, restart).nameFor(slot, opened + SECOND / 2);
        RecordingFileName third = new FileNamer("flowinfo", cycle, again).nameFor(slot, opened + SECOND / 2 + 1);
        RecordingFileName later = new FileNamer("flowinfo", cycle, third).nameFor(slot, opened + SECOND);
        assertEquals(List.of("2026_11_23_19-00-00_flowinfo_json.zip", "2026_11_23_19-28-37_flowinfo_json.zip",
                "2026_11_23_19-28-37~00001_flowinfo_json.zip", "2026_11_23_19-28-37~00002_flowinfo_json.zip",
                "2026_11_23_19-28-38_flowinfo_json.zip"),
                Stream.of(first, restart, again, third, later).map(n -> n.fileName(FileStage.ARCHIVED)).toList());
        assertStrictlySortedAndUnique(
                Stream.of(first, restart, again, third, later).map(n -> n.fileName(FileStage.ARCHIVED)).toList());
    }

    @Test
    void aFileOpenedOutsideItsSlotTakesTheSequenceSuffixRatherThanAStampOutsideTheSlot() {
        // records of an old slot arriving late after a restart: the open second would name another slot
        RollCycle cycle = new RollCycle(Duration.ofHours(1), ZoneId.of("UTC"));
        long slot = cycle.slotStart(nanos(Instant.parse("2026-11-23T19:00:00Z")));
        RecordingFileName first = new FileNamer("flowinfo", cycle, null).nameFor(slot, slot);
        RecordingFileName late = new FileNamer("flowinfo", cycle, first)
                .nameFor(slot, nanos(Instant.parse("2026-11-23T20:05:00Z")));
        assertEquals("2026_11_23_19-00-00~00001_flowinfo.json", late.fileName(FileStage.COMPLETE));
    }

    @Test
    void namesMatchTheOriginalRecordersPatternExceptForASameSecondCollision() {
        java.util.regex.Pattern original = java.util.regex.Pattern.compile(
                "\\d{4}_\\d{2}_\\d{2}_\\d{2}-\\d{2}-\\d{2}_flowinfo_json\\.zip");
        List<String> names = restartingRun("Europe/Berlin", Duration.ofMinutes(30),
                Instant.parse("2026-11-23T09:00:00Z"), 6);
        for (String n : names) {
            assertEquals(!n.contains("~"), original.matcher(n).matches(), n);
        }
        assertTrue(names.stream().anyMatch(n -> n.contains("~")), "the run has a same-second collision: " + names);
        assertTrue(names.stream().filter(n -> !n.contains("~")).count() > names.size() / 2, names.toString());
    }

    /**
     * A run of {@code slots} slots from {@code from} in which the recorder is restarted twice inside
     * every slot, 7 min 13.25 s and 7 min 13.75 s after its start (the second restart in the same
     * second). Each restart builds a new namer from the newest name, as a new process does.
     */
    private static List<String> restartingRun(String zone, Duration slot, Instant from, int slots) {
        RollCycle cycle = new RollCycle(slot, ZoneId.of(zone));
        List<String> names = new ArrayList<>();
        RecordingFileName newest = null;
        long t = cycle.slotStart(nanos(from));
        for (int i = 0; i < slots; i++, t += cycle.lengthNanos()) {
            long[] opens = {t + SECOND / 10, t + 433 * SECOND + SECOND / 4, t + 433 * SECOND + 3 * SECOND / 4};
            for (long opened : opens) {
                newest = new FileNamer("flowinfo", cycle, newest).nameFor(t, opened);
                names.add(newest.fileName(FileStage.ARCHIVED));
            }
        }
        return names;
    }

    @Test
    void namesOfARestartingRecorderSortInTimeOrderAcrossMidnight() {
        List<String> names = restartingRun("Asia/Taipei", Duration.ofMinutes(30),
                Instant.parse("2026-11-23T15:00:00Z"), 4); // 23:00 to 01:00 local
        assertTrue(names.contains("2026_11_23_23-37-13_flowinfo_json.zip"), names.toString());
        assertTrue(names.contains("2026_11_24_00-07-13_flowinfo_json.zip"), names.toString());
        assertStrictlySortedAndUnique(names);
    }

    @Test
    void namesOfARestartingRecorderSortInTimeOrderThroughADaylightSavingFallBackAndSpringForward() {
        // New York: the 01:xx hour happens twice on 2026-11-01; 02:xx is skipped on 2026-03-08.
        List<String> fallBack = restartingRun("America/New_York", Duration.ofMinutes(30),
                Instant.parse("2026-11-01T04:00:00Z"), 8);
        assertStrictlySortedAndUnique(fallBack);
        assertTrue(fallBack.contains("2026_11_01_01-37-13_flowinfo_json.zip"), fallBack.toString());
        List<String> springForward = restartingRun("America/New_York", Duration.ofMinutes(30),
                Instant.parse("2026-03-08T05:00:00Z"), 6);
        assertStrictlySortedAndUnique(springForward);
        assertTrue(springForward.contains("2026_03_08_03-07-13_flowinfo_json.zip"), springForward.toString());
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
