package org.nsr.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.archive.ArchiveReader;
import org.nsr.config.ConfigException;
import org.nsr.metrics.Metrics;
import org.nsr.testing.RecordingWriter;
import org.nsr.record.codec.JsonScan;

class RecordMergerTest {
    static final LocalDateTime T0 = LocalDateTime.of(2025, 8, 22, 10, 0, 0);
    static final long T0_MS = T0.toInstant(ZoneOffset.UTC).toEpochMilli();
    static final long NS = 1_000_000L;

    @TempDir
    Path dir;

    record Out(String source, long ts, String line) {
    }

    static List<Out> readAll(Path dir, ReadSelection sel, ReadStats stats) throws ConfigException {
        List<Out> out = new ArrayList<>();
        ArchiveReader reader = new ArchiveReader(ArchiveReader.Options.defaults().withVerifyCrc(true));
        try (RecordMerger m = new RecordMerger(RecordingIndex.scan(dir), sel, reader, stats)) {
            RecordView r;
            while ((r = m.next()) != null) {
                out.add(new Out(r.source(), r.timestampNanos(),
                        new String(r.array(), r.offset(), r.length(), StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    static List<Out> readAll(Path dir, ReadSelection sel, ReadStats stats, Reordering reordering)
            throws ConfigException {
        List<Out> out = new ArrayList<>();
        try (RecordMerger m = new RecordMerger(RecordingIndex.scan(dir), sel, new ArchiveReader(), stats, reordering)) {
            RecordView r;
            while ((r = m.next()) != null) {
                out.add(new Out(r.source(), r.timestampNanos(),
                        new String(r.array(), r.offset(), r.length(), StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    static ReadSelection all() {
        return new ReadSelection(Set.of(), TimeRange.ALL);
    }

    static ReadSelection range(long fromMs, long toMs) {
        return new ReadSelection(Set.of(), new TimeRange(fromMs * NS, toMs * NS));
    }

    static String gen(long tsNanos, int i) {
        return RecordingWriter.generatorLine(i, tsNanos, "192.168.1." + (i % 250), "10.0.0." + (i % 7), 40000 + i, 443,
                6, 10 + i, 1000L * i);
    }

    @Test
    void roundTripReturnsEveryRecordInWrittenOrderAcrossRotatedFilesAndStages() throws Exception {
        List<String> written = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                lines.add(gen((T0_MS + f * 60_000L + i * 500L) * NS + i, f * 100 + i));
            }
            written.addAll(lines);
            LocalDateTime start = T0.plusMinutes(f);
            if (f < 2) {
                RecordingWriter.writeZip(dir, start, "gen", lines);
            } else {
                RecordingWriter.writePart(dir, start, "gen", lines, "{\"stream_id\":9,\"timesta");
            }
        }
        ReadStats stats = new ReadStats(new Metrics());
        List<Out> out = readAll(dir, all(), stats);
        assertEquals(written, out.stream().map(Out::line).toList());
        assertEquals(1, stats.partialLines());
        assertEquals(0, stats.badLines());
        assertEquals(3, stats.filesOpened());
    }

    @Test
    void mergeAcrossSourcesAndFilesComesOutInTimestampOrder() throws Exception {
        Random rnd = new Random(42);
        List<Out> expected = new ArrayList<>();
        for (int f = 0; f < 2; f++) {
            List<String> flows = new ArrayList<>();
            List<String> graphs = new ArrayList<>();
            List<String> gens = new ArrayList<>();
            for (int s = 0; s < 60; s++) {
                long ms = T0_MS + f * 60_000L + s * 1000L;
                flows.add(RecordingWriter.flowinfoLine(ms, "[]"));
                expected.add(new Out("flowinfo", ms * NS, flows.get(flows.size() - 1)));
                if (s % 3 == 0) {
                    graphs.add(RecordingWriter.graphinfoLine(ms, "[]", "[]"));
                    expected.add(new Out("graphinfo", ms * NS, graphs.get(graphs.size() - 1)));
                }
            }
            long ns = (T0_MS + f * 60_000L) * NS;
            for (int i = 0; i < 300; i++) {
                ns += rnd.nextInt(200_000_000);
                gens.add(gen(ns, i));
                expected.add(new Out("gen", ns, gens.get(gens.size() - 1)));
            }
            RecordingWriter.writeZip(dir, T0.plusMinutes(f), "flowinfo", flows);
            RecordingWriter.writeJson(dir, T0.plusMinutes(f), "graphinfo", graphs);
            RecordingWriter.writeZip(dir, T0.plusMinutes(f), "gen", gens);
        }
        // ties: equal timestamps come out in source-name order
        expected.sort(Comparator.comparingLong(Out::ts).thenComparing(Out::source));
        List<Out> out = readAll(dir, all(), new ReadStats(new Metrics()));
        assertEquals(expected, out);
    }

    @Test
    void timeFiltersExactlyOnFileBoundariesIncludeFromAndExcludeTo() throws Exception {
        for (int f = 0; f < 3; f++) {
            List<String> lines = new ArrayList<>();
            for (int s = 0; s < 60; s++) {
                lines.add(RecordingWriter.flowinfoLine(T0_MS + f * 60_000L + s * 1000L, "[]"));
            }
            RecordingWriter.writeZip(dir, T0.plusMinutes(f), "flowinfo", lines);
        }
        long boundary1 = T0_MS + 60_000L;
        long boundary2 = T0_MS + 120_000L;
        List<Out> middle = readAll(dir, range(boundary1, boundary2), new ReadStats(new Metrics()));
        assertEquals(60, middle.size());
        assertEquals(boundary1 * NS, middle.get(0).ts());
        assertEquals((boundary2 - 1000) * NS, middle.get(59).ts());

        List<Out> head = readAll(dir, range(Long.MIN_VALUE / NS, boundary1), new ReadStats(new Metrics()));
        assertEquals(60, head.size());
        assertEquals((boundary1 - 1000) * NS, head.get(59).ts());
    }

    @Test
    void filesFarOutsideTheRangeAreNotOpened() throws Exception {
        for (int h = 0; h < 5; h++) {
            RecordingWriter.writeZip(dir, T0.plusHours(h * 2L), "flowinfo",
                    List.of(RecordingWriter.flowinfoLine(T0_MS + h * 7_200_000L, "[]")));
        }
        ReadStats stats = new ReadStats(new Metrics());
        List<Out> out = readAll(dir, range(T0_MS + 4 * 3_600_000L, T0_MS + 5 * 3_600_000L), stats);
        assertEquals(1, out.size());
        // the file in range, and the one before it (within the hour of slack for late records); not the other three
        assertEquals(2, stats.filesOpened());
    }

    /**
     * Files whose stamps were written in {@code stampZone}: 24 files of one hour, a record every 10
     * minutes. The reader knows no zone; ranges ending and starting near file edges must lose nothing.
     */
    @Test
    void everyRecordInRangeComesOutWhateverZoneTheNameStampsWereWrittenIn() throws Exception {
        for (String zone : List.of("UTC", "Pacific/Kiritimati", "Etc/GMT+12", "America/Los_Angeles")) {
            Path zoneDir = Files.createDirectories(dir.resolve(zone.replace('/', '_')));
            List<Long> written = new ArrayList<>();
            java.time.Instant start = T0.toInstant(ZoneOffset.UTC);
            for (int h = 0; h < 24; h++) {
                java.time.Instant fileStart = start.plusSeconds(h * 3600L);
                List<String> lines = new ArrayList<>();
                for (int m = 0; m < 60; m += 10) {
                    long ms = fileStart.toEpochMilli() + m * 60_000L;
                    written.add(ms);
                    lines.add(RecordingWriter.flowinfoLine(ms, "[]"));
                }
                RecordingWriter.writeZip(zoneDir, LocalDateTime.ofInstant(fileStart, java.time.ZoneId.of(zone)),
                        "flowinfo", lines);
            }
            long hour = 3_600_000L;
            long[][] ranges = {
                {T0_MS + 5 * hour, T0_MS + 5 * hour + 1}, // exactly the first record of a file
                {T0_MS + 5 * hour - 1, T0_MS + 5 * hour}, // ends just before a file's first record
                {T0_MS + 6 * hour - 10 * 60_000L, T0_MS + 7 * hour + 1}, // from the last record of a file
                {T0_MS - hour, T0_MS + 1}, // the very first record
                {T0_MS + 23 * hour + 50 * 60_000L, T0_MS + 30 * hour}, // the very last record
                {T0_MS + 3 * hour + 1, T0_MS + 20 * hour - 1},
            };
            for (long[] r : ranges) {
                List<Long> expected = written.stream().filter(ms -> ms >= r[0] && ms < r[1]).map(ms -> ms * NS).toList();
                ReadStats stats = new ReadStats(new Metrics());
                List<Long> got = readAll(zoneDir, range(r[0], r[1]), stats).stream().map(Out::ts).toList();
                assertEquals(expected, got, zone + " [" + r[0] + ", " + r[1] + ")");
                long filesCovered = Math.floorDiv(Math.min(r[1], T0_MS + 24 * hour) - 1 - T0_MS, hour)
                        - Math.max(0, Math.floorDiv(r[0] - T0_MS, hour)) + 1;
                assertTrue(stats.filesOpened() <= filesCovered + 2, zone + ": pruning still skips far files, opened "
                        + stats.filesOpened() + " for " + filesCovered);
            }
        }
    }

    @Test
    void pruningByRecordTimesOpensOnlyTheFilesAroundTheRangeInALongRecording() throws Exception {
        // a week of hourly files stamped 14 h ahead of UTC: the name slack alone would read 30 files
        for (int h = 0; h < 168; h++) {
            long ms = T0_MS + h * 3_600_000L;
            RecordingWriter.writeZip(dir, T0.plusHours(h + 14L), "flowinfo",
                    List.of(RecordingWriter.flowinfoLine(ms, "[]"), RecordingWriter.flowinfoLine(ms + 1_800_000L, "[]")));
        }
        ReadStats stats = new ReadStats(new Metrics());
        List<Out> out = readAll(dir, range(T0_MS + 100 * 3_600_000L, T0_MS + 101 * 3_600_000L), stats);
        assertEquals(List.of((T0_MS + 100 * 3_600_000L) * NS, (T0_MS + 100 * 3_600_000L + 1_800_000L) * NS),
                out.stream().map(Out::ts).toList());
        assertTrue(stats.filesOpened() <= 3, "opened " + stats.filesOpened());
    }

    /** Poll records 1 s apart; the one at 10 s was written after the one at 11.5 s (and 12 s). */
    private List<Long> writeWithLateRecord(long lateByMs) throws IOException {
        List<Long> written = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            written.add(T0_MS + s * 1000L);
        }
        long late = written.remove(10);
        int at = (int) Math.min(written.size(), 10 + lateByMs / 1000);
        written.add(at, late);
        RecordingWriter.writeZip(dir, T0, "flowinfo",
                written.stream().map(ms -> RecordingWriter.flowinfoLine(ms, "[]")).toList());
        return written;
    }

    @Test
    void aLateRecordWithinTheReorderWindowComesOutInTimestampOrder() throws Exception {
        List<Long> written = writeWithLateRecord(1500);
        List<Long> sorted = written.stream().sorted().map(ms -> ms * NS).toList();
        ReadStats stats = new ReadStats(new Metrics());
        List<Out> out = readAll(dir, all(), stats, Reordering.window(2_000_000_000L));
        assertEquals(sorted, out.stream().map(Out::ts).toList());
        assertEquals("{\"timestamp\":" + (T0_MS + 10_000) + ",\"flowinfo\":[]}", out.get(10).line());
        assertEquals(1, stats.reorderedRecords());
        assertEquals(0, stats.lateRecords());
        // without reordering: file order, as written
        List<Out> asWritten = readAll(dir, all(), new ReadStats(new Metrics()), Reordering.NONE);
        assertEquals(written.stream().map(ms -> ms * NS).toList(), asWritten.stream().map(Out::ts).toList());
    }

    @Test
    void aRecordLaterThanTheWindowStillComesOutAndIsCounted() throws Exception {
        List<Long> written = writeWithLateRecord(5000);
        ReadStats stats = new ReadStats(new Metrics());
        List<Out> out = readAll(dir, all(), stats, Reordering.window(2_000_000_000L));
        assertEquals(written.size(), out.size());
        assertEquals(written.stream().sorted().toList(), out.stream().map(o -> o.ts() / NS).sorted().toList());
        assertEquals(1, stats.lateRecords());
        assertTrue(stats.summary().contains("1 still out of order"), stats.summary());
    }

    @Test
    void aFullReorderBufferReleasesTheEarliestEarlyAndCountsIt() throws Exception {
        List<Long> written = writeWithLateRecord(1500);
        ReadStats stats = new ReadStats(new Metrics());
        List<Out> out = readAll(dir, all(), stats, new Reordering(2_000_000_000L, 1, Long.MAX_VALUE));
        assertEquals(written.size(), out.size());
        assertTrue(stats.reorderOverflows() > 0);
        assertEquals(stats.reorderOverflows(), (long) stats.metrics().sum("nsr_replay_reorder_overflow_total"));
    }

    @Test
    void damagedArchiveInTheMiddleIsCountedAndSkippedAndTheRestIsRead() throws Exception {
        for (int f = 0; f < 3; f++) {
            List<String> lines = new ArrayList<>();
            for (int s = 0; s < 500; s++) {
                lines.add(RecordingWriter.flowinfoLine(T0_MS + f * 60_000L + s * 100L,
                        "[{\"src_ip\":" + (s * 7919 % 100000) + ",\"pad\":\"" + "z".repeat(s % 50) + "\"}]"));
            }
            Path zip = RecordingWriter.writeZip(dir, T0.plusMinutes(f), "flowinfo", lines);
            if (f == 1) {
                byte[] b = Files.readAllBytes(zip);
                Files.write(zip, java.util.Arrays.copyOf(b, b.length - 40));
            }
        }
        ReadStats stats = new ReadStats(new Metrics());
        List<Out> out = readAll(dir, all(), stats);
        assertEquals(1000, out.size());
        assertEquals(1, stats.damagedFiles());
        assertEquals(T0_MS * NS, out.get(0).ts());
        assertEquals((T0_MS + 120_000L) * NS, out.get(500).ts());
        assertTrue(stats.summary().contains("truncated"), stats.summary());
        assertTrue(stats.hasProblems());
    }

    @Test
    void linesWithoutATimestampAreCountedAndSkipped() throws Exception {
        RecordingWriter.writeJson(dir, T0, "x", List.of(
                RecordingWriter.flowinfoLine(T0_MS, "[]"),
                "not json",
                "{\"nested\":{\"timestamp\":5}}",
                "",
                RecordingWriter.flowinfoLine(T0_MS + 1, "[]")));
        ReadStats stats = new ReadStats(new Metrics());
        List<Out> out = readAll(dir, all(), stats);
        assertEquals(2, out.size());
        assertEquals(3, stats.badLines());
    }

    @Test
    void millisecondAndNanosecondTimestampsAreNormalisedToNanoseconds() {
        byte[] ms = "{\"timestamp\":1755856800123,\"x\":1}".getBytes(StandardCharsets.US_ASCII);
        byte[] ns = "{\"stream_id\":3,\"timestamp\":1755856800123456789}".getBytes(StandardCharsets.US_ASCII);
        byte[] frac = "{\"timestamp\":1755856800123.5}".getBytes(StandardCharsets.US_ASCII);
        assertEquals(1_755_856_800_123_000_000L, JsonScan.timestampNanos(ms, 0, ms.length));
        assertEquals(1_755_856_800_123_456_789L, JsonScan.timestampNanos(ns, 0, ns.length));
        assertEquals(1_755_856_800_123_500_000L, JsonScan.timestampNanos(frac, 0, frac.length));
    }

    @Test
    void anUnknownSourceIsABadInputNamingTheOption() throws Exception {
        RecordingWriter.writeJson(dir, T0, "flowinfo", List.of(RecordingWriter.flowinfoLine(T0_MS, "[]")));
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> readAll(dir,
                new ReadSelection(Set.of("nope"), TimeRange.ALL), new ReadStats(new Metrics())));
        assertTrue(e.getMessage().startsWith("--source: 'nope'"), e.getMessage());
        assertTrue(e.getMessage().contains("flowinfo"), e.getMessage());
    }

    @Test
    void theArchiveIsPreferredWhenTheSameStampAlsoExistsUncompressed() throws Exception {
        RecordingWriter.writeJson(dir, T0, "flowinfo", List.of(RecordingWriter.flowinfoLine(T0_MS, "[1]")));
        RecordingWriter.writeZip(dir, T0, "flowinfo", List.of(RecordingWriter.flowinfoLine(T0_MS, "[1]")));
        ReadStats stats = new ReadStats(new Metrics());
        List<Out> out = readAll(dir, all(), stats);
        assertEquals(1, out.size());
        assertTrue(RecordingIndex.scan(dir).files("flowinfo").get(0).isArchive());
    }

    @Test
    void aFileTheRecorderMovedOnAfterListingIsReadFromItsNextStage() throws Exception {
        List<String> first = List.of(RecordingWriter.flowinfoLine(T0_MS, "[1]"));
        List<String> second = List.of(RecordingWriter.flowinfoLine(T0_MS + 60_000, "[2]"));
        RecordingWriter.writeJson(dir, T0, "flowinfo", first);
        Path part = RecordingWriter.writePart(dir, T0.plusMinutes(1), "flowinfo", second, null);
        RecordingIndex index = RecordingIndex.scan(dir);
        // after listing: the first file is archived (its .json deleted), the second published
        Path json = dir.resolve("2025_08_22_10-00-00_flowinfo.json");
        RecordingWriter.writeZip(dir, T0, "flowinfo", first);
        Files.delete(json);
        Files.move(part, dir.resolve("2025_08_22_10-01-00_flowinfo.json"));
        ReadStats stats = new ReadStats(new Metrics());
        List<String> lines = new ArrayList<>();
        try (RecordMerger m = new RecordMerger(index, all(), new ArchiveReader(), stats)) {
            RecordView r;
            while ((r = m.next()) != null) {
                lines.add(new String(r.array(), r.offset(), r.length(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(List.of(first.get(0), second.get(0)), lines);
        assertEquals(0, stats.damagedFiles());
    }
}
