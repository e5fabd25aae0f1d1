package org.nsr.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.archive.ArchiveReader;
import org.nsr.layout.ManifestFile;
import org.nsr.layout.RecordingManifest;
import org.nsr.metrics.Metrics;
import org.nsr.testing.RecordingWriter;

/** Issue 9 §5: with a manifest, pruning by name needs no 14-hour zone slack; without one it still works. */
class FilePrunerManifestTest {
    private static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");
    /** The first file's slot start: 2026-11-23 00:00 in Taipei. */
    private static final Instant START = Instant.parse("2026-11-22T16:00:00Z");
    private static final int FILES = 48;

    @TempDir
    Path dir;

    /** 48 hourly files stamped in Taipei time, six records each, ten minutes apart. */
    private void writeRecording() throws Exception {
        for (int h = 0; h < FILES; h++) {
            Instant slot = START.plus(Duration.ofHours(h));
            List<String> lines = new ArrayList<>();
            for (int k = 0; k < 6; k++) {
                lines.add(RecordingWriter.flowinfoLine(slot.plus(Duration.ofMinutes(10L * k)).toEpochMilli(), "[]"));
            }
            RecordingWriter.writeZip(dir, LocalDateTime.ofInstant(slot, TAIPEI), "flowinfo", lines);
        }
    }

    private void writeManifest() throws Exception {
        ManifestFile.write(dir, RecordingManifest.first(START, TAIPEI, Duration.ofHours(1),
                List.of(new RecordingManifest.SourceKind("flowinfo", "http", "field:flowinfo")), true));
    }

    private static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L;
    }

    private record Pruned(int first, int end, int probes) {
    }

    private Pruned prune(Instant from, Instant to) throws Exception {
        RecordingIndex index = RecordingIndex.scan(dir);
        FilePruner pruner = new FilePruner(index.files("flowinfo"), index.manifest().orElse(null));
        int first = pruner.firstFile(nanos(from));
        int end = pruner.endFile(first, nanos(to));
        return new Pruned(first, end, pruner.probes());
    }

    private List<Long> replayedTimestamps(Instant from, Instant to) throws Exception {
        List<Long> out = new ArrayList<>();
        try (RecordMerger m = new RecordMerger(RecordingIndex.scan(dir),
                new ReadSelection(Set.of(), new TimeRange(nanos(from), nanos(to))), new ArchiveReader(),
                new ReadStats(new Metrics()))) {
            RecordView r;
            while ((r = m.next()) != null) {
                out.add(r.timestampNanos());
            }
        }
        return out;
    }

    @Test
    void withAManifestOnlyTheLateRecordSlackIsLeftAndFarFewerFilesAreProbed() throws Exception {
        writeRecording();
        Instant from = START.plus(Duration.ofHours(20)).plus(Duration.ofMinutes(15));
        Instant to = from.plus(Duration.ofHours(2));
        Pruned without = prune(from, to);
        List<Long> recordsWithout = replayedTimestamps(from, to);
        writeManifest();
        Pruned with = prune(from, to);

        // the range is in files 20 to 22; one more file each side may hold late records (1 h slack)
        assertEquals(19, with.first());
        assertEquals(24, with.end());
        assertTrue(with.first() >= without.first() && with.end() <= without.end(),
                "the manifest never widens the selection: " + with + " vs " + without);
        assertTrue(with.probes() <= 4, "the name windows are an hour wide, not 15 h: " + with);
        assertTrue(without.probes() > with.probes(), "without a manifest more files are probed: " + without
                + " vs " + with);
        List<Long> recordsWith = replayedTimestamps(from, to);
        assertEquals(recordsWithout, recordsWith, "the same records either way");
        assertEquals(12, recordsWith.size(), "two hours of records every ten minutes");
    }

    @Test
    void aCorruptManifestIsIgnoredAndFilesAreSelectedWithTheZoneSlackAsBefore() throws Exception {
        writeRecording();
        Instant from = START.plus(Duration.ofHours(30));
        Instant to = from.plus(Duration.ofMinutes(30));
        Pruned without = prune(from, to);
        Files.createDirectories(dir.resolve(".nsr"));
        Files.writeString(ManifestFile.of(dir), "{ not json");
        assertTrue(RecordingIndex.scan(dir).manifest().isEmpty());
        assertEquals(without, prune(from, to));
        assertEquals(3, replayedTimestamps(from, to).size());
    }

    @Test
    void aManifestThatDoesNotCoverEveryFileLeavesTheZoneSlackInPlace() throws Exception {
        writeRecording();
        Instant from = START.plus(Duration.ofHours(10));
        Instant to = from.plus(Duration.ofHours(1));
        Pruned without = prune(from, to);
        // as the recorder writes it when it starts beside files of an older NSR or of the Python recorder
        ManifestFile.recordStart(dir, START, TAIPEI, Duration.ofHours(1),
                List.of(new RecordingManifest.SourceKind("flowinfo", "http", "field:flowinfo")));
        assertTrue(RecordingIndex.scan(dir).manifest().isPresent());
        assertEquals(without, prune(from, to));
        assertEquals(6, replayedTimestamps(from, to).size());
    }
}
