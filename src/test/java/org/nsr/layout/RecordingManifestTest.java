package org.nsr.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingManifestTest {
    private static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Instant T0 = Instant.parse("2026-11-23T02:00:00Z");
    private static final List<RecordingManifest.SourceKind> DEFAULT_SOURCES = List.of(
            new RecordingManifest.SourceKind("flowinfo", "http", "field:flowinfo"),
            new RecordingManifest.SourceKind("graphinfo", "http", "merge"));

    @TempDir
    Path dir;

    private static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L;
    }

    @Test
    void theFirstStartWritesAManifestThatReadsBackTheSame() throws Exception {
        RecordingManifest written = ManifestFile.recordStart(dir, T0, TAIPEI, HOUR, DEFAULT_SOURCES);
        assertTrue(Files.isRegularFile(dir.resolve(".nsr/recording.json")));
        try (Stream<Path> s = Files.list(dir.resolve(".nsr"))) {
            assertEquals(List.of("recording.json"), s.map(p -> p.getFileName().toString()).toList(),
                    "no temporary file left behind");
        }
        RecordingManifest read = ManifestFile.read(dir).orElseThrow();
        assertEquals(written, read);
        assertEquals(RecordingManifest.FORMAT_VERSION, read.formatVersion());
        assertTrue(read.coversEveryFile(), "an empty directory: the manifest knows the zone of every file");
        assertEquals(TAIPEI, read.fileZone());
        assertEquals(HOUR, read.storageInterval());
        assertEquals(List.of(new RecordingManifest.Source("flowinfo", "http", "field:flowinfo", T0, T0),
                new RecordingManifest.Source("graphinfo", "http", "merge", T0, T0)), read.sources());
        String text = Files.readString(ManifestFile.of(dir));
        assertTrue(text.contains("\"file_timezone\" : \"Asia/Taipei\""), text);
        assertTrue(text.contains("\"storage_interval\" : \"PT1H\""), text);
    }

    @Test
    void aDirectoryWithoutAManifestReadsAsEmpty() throws Exception {
        assertEquals(Optional.empty(), ManifestFile.read(dir));
        assertEquals(Optional.empty(), ManifestFile.read(dir.resolve("no-such-dir")));
    }

    @Test
    void aCorruptManifestIsAnErrorThatNamesTheFileAndWhatIsWrong() throws Exception {
        Files.createDirectories(dir.resolve(".nsr"));
        Files.writeString(ManifestFile.of(dir), "{\"format_version\": 1, \"covers_");
        ManifestException notJson = assertThrows(ManifestException.class, () -> ManifestFile.read(dir));
        assertTrue(notJson.getMessage().startsWith(ManifestFile.of(dir) + ": is not valid JSON"), notJson.getMessage());
        assertFalse(notJson.newerFormat());

        ManifestFile.recordStart(dir.resolve("ok"), T0, TAIPEI, HOUR, DEFAULT_SOURCES);
        String good = Files.readString(ManifestFile.of(dir.resolve("ok")));
        Files.writeString(ManifestFile.of(dir), good.replace("\"Asia/Taipei\"", "\"Mars/Olympus\""));
        ManifestException badZone = assertThrows(ManifestException.class, () -> ManifestFile.read(dir));
        assertTrue(badZone.getMessage().contains("file_timezone 'Mars/Olympus' is not a zone"), badZone.getMessage());

        Files.writeString(ManifestFile.of(dir), good.replace("\"PT1H\"", "\"an hour\""));
        ManifestException badInterval = assertThrows(ManifestException.class, () -> ManifestFile.read(dir));
        assertTrue(badInterval.getMessage().contains("storage_interval 'an hour' is not an ISO-8601 duration"),
                badInterval.getMessage());

        Files.writeString(ManifestFile.of(dir), good.replace("\"format_version\" : 1", "\"format_version\" : 7"));
        ManifestException newer = assertThrows(ManifestException.class, () -> ManifestFile.read(dir));
        assertTrue(newer.newerFormat());
        assertTrue(newer.getMessage().contains("format_version 7, newer than the 1"), newer.getMessage());
    }

    @Test
    void aRestartMergesItsSourcesAndKeepsEverySourceAndLayoutItEverUsed() throws Exception {
        ManifestFile.recordStart(dir, T0, TAIPEI, HOUR, DEFAULT_SOURCES);
        Instant t1 = T0.plus(Duration.ofDays(1));
        // graphinfo removed, flowinfo's line kind changed, a generator added
        ManifestFile.recordStart(dir, t1, TAIPEI, HOUR, List.of(
                new RecordingManifest.SourceKind("flowinfo", "http", "merge"),
                new RecordingManifest.SourceKind("gen", "generator", "generator_flow")));
        Instant t2 = t1.plus(Duration.ofDays(1));
        RecordingManifest m = ManifestFile.recordStart(dir, t2, TAIPEI, HOUR, DEFAULT_SOURCES);
        assertEquals(m, ManifestFile.read(dir).orElseThrow());
        assertEquals(List.of(new RecordingManifest.Layout(TAIPEI, HOUR, T0, t2)), m.layouts(),
                "the same zone and interval: one layout, its last start moved on");
        assertEquals(List.of(
                new RecordingManifest.Source("flowinfo", "http", "field:flowinfo", T0, t2),
                new RecordingManifest.Source("flowinfo", "http", "merge", t1, t1),
                new RecordingManifest.Source("gen", "generator", "generator_flow", t1, t1),
                new RecordingManifest.Source("graphinfo", "http", "merge", T0, t2)), m.sources());
        assertTrue(m.coversEveryFile());
    }

    @Test
    void aRestartWithAnotherZoneOrIntervalKeepsBothAndTheLastIsCurrent() throws Exception {
        ManifestFile.recordStart(dir, T0, TAIPEI, HOUR, DEFAULT_SOURCES);
        Instant t1 = T0.plus(Duration.ofDays(1));
        RecordingManifest m = ManifestFile.recordStart(dir, t1, ZoneOffset.UTC, Duration.ofMinutes(10),
                DEFAULT_SOURCES);
        assertEquals(List.of(new RecordingManifest.Layout(TAIPEI, HOUR, T0, T0),
                new RecordingManifest.Layout(ZoneOffset.UTC, Duration.ofMinutes(10), t1, t1)), m.layouts());
        assertEquals(ZoneOffset.UTC, m.fileZone());
        assertEquals(Duration.ofMinutes(10), m.storageInterval());
        // a stamp may now be in either zone: its bounds span both readings
        RecordingFileName name = RecordingFileName.of(LocalDateTime.parse("2026-11-24T10:00:00"), "flowinfo");
        RecordingManifest.StartBounds b = m.startBounds(name);
        assertEquals(nanos(Instant.parse("2026-11-24T02:00:00Z")), b.earliestNanos());
        assertEquals(nanos(Instant.parse("2026-11-24T10:00:00Z")), b.latestNanos());
        // back to Taipei: that layout moves to the end and is current again
        RecordingManifest back = ManifestFile.recordStart(dir, t1.plusSeconds(60), TAIPEI, HOUR, DEFAULT_SOURCES);
        assertEquals(TAIPEI, back.fileZone());
        assertEquals(2, back.layouts().size());
    }

    @Test
    void aManifestStartedBesideOlderFilesDoesNotVouchForTheirZone() throws Exception {
        Files.writeString(dir.resolve("2025_01_01_00-00-00_flowinfo_json.zip"), "old");
        RecordingManifest m = ManifestFile.recordStart(dir, T0, TAIPEI, HOUR, DEFAULT_SOURCES);
        assertFalse(m.coversEveryFile());
        assertNull(m.startBounds(RecordingFileName.of(LocalDateTime.parse("2026-11-23T10:00:00"), "flowinfo")),
                "readers fall back to the zone-free rule");
        assertFalse(ManifestFile.recordStart(dir, T0.plusSeconds(5), TAIPEI, HOUR, DEFAULT_SOURCES).coversEveryFile(),
                "and it stays so across restarts");
    }

    @Test
    void anUnreadableManifestIsMovedAsideAtStartAndReplacedByOneThatDoesNotVouchForEarlierFiles() throws Exception {
        Files.createDirectories(dir.resolve(".nsr"));
        Files.writeString(ManifestFile.of(dir), "garbage");
        RecordingManifest m = ManifestFile.recordStart(dir, T0, TAIPEI, HOUR, DEFAULT_SOURCES);
        assertNotNull(m);
        assertFalse(m.coversEveryFile());
        assertEquals("garbage", Files.readString(dir.resolve(".nsr/recording.json.unreadable")));
        assertEquals(m, ManifestFile.read(dir).orElseThrow());
    }

    @Test
    void aManifestInANewerFormatIsLeftAloneAtStart() throws Exception {
        ManifestFile.recordStart(dir, T0, TAIPEI, HOUR, DEFAULT_SOURCES);
        String newer = Files.readString(ManifestFile.of(dir)).replace("\"format_version\" : 1", "\"format_version\" : 2");
        Files.writeString(ManifestFile.of(dir), newer);
        assertNull(ManifestFile.recordStart(dir, T0.plusSeconds(60), ZoneOffset.UTC, HOUR, DEFAULT_SOURCES));
        assertEquals(newer, Files.readString(ManifestFile.of(dir)));
    }

    @Test
    void aSlotStartStampStandsForItsInstantInTheRecordingsZone() {
        RecordingManifest m = RecordingManifest.first(T0, TAIPEI, HOUR, DEFAULT_SOURCES, true);
        RecordingManifest.StartBounds b = m.startBounds(
                RecordingFileName.of(LocalDateTime.parse("2026-11-23T10:00:00"), "flowinfo"));
        assertEquals(new RecordingManifest.StartBounds(nanos(T0), nanos(T0)), b);
    }

    @Test
    void aStampOpenedInsideItsSlotMayHoldRecordsFromTheSlotStart() {
        RecordingManifest m = RecordingManifest.first(T0, TAIPEI, HOUR, DEFAULT_SOURCES, true);
        RecordingManifest.StartBounds b = m.startBounds(
                RecordingFileName.of(LocalDateTime.parse("2026-11-23T10:28:37"), "flowinfo"));
        long opened = nanos(Instant.parse("2026-11-23T02:28:37Z"));
        assertEquals(new RecordingManifest.StartBounds(opened - HOUR.toNanos(), opened), b);
    }

    @Test
    void aStampInTheRepeatedHourOfAFallBackStandsForBothInstants() {
        ZoneId newYork = ZoneId.of("America/New_York");
        RecordingManifest m = RecordingManifest.first(T0, newYork, Duration.ofMinutes(30), DEFAULT_SOURCES, true);
        RecordingManifest.StartBounds b = m.startBounds(
                RecordingFileName.of(LocalDateTime.parse("2026-11-01T01:30:00"), "flowinfo"));
        assertEquals(nanos(Instant.parse("2026-11-01T05:30:00Z")), b.earliestNanos(), "01:30 EDT");
        assertEquals(nanos(Instant.parse("2026-11-01T06:30:00Z")), b.latestNanos(), "01:30 EST");
        assertNull(m.startBounds(new RecordingFileName("2026_11_01_01-30-00~00001", "flowinfo")),
                "a sequence suffix says nothing about the file's own start");
    }
}
