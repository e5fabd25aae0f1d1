package org.nsr.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.metrics.Metrics;
import org.nsr.testing.MutableClock;

class RetentionTest {
    private static final Instant NOW = Instant.parse("2025-03-31T12:00:00Z");
    private static final long NO_SIZE_LIMIT = -1;

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(NOW);
    private final Metrics metrics = new Metrics();

    /** Creates a recording file of {@code size} bytes last modified {@code age} before now. */
    private Path file(String name, int size, Duration age) throws IOException {
        Path p = Files.write(dir.resolve(name), new byte[size]);
        Files.setLastModifiedTime(p, FileTime.from(NOW.minus(age)));
        return p;
    }

    private Set<String> remaining() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static List<String> names(List<Path> paths) {
        return paths.stream().map(p -> p.getFileName().toString()).toList();
    }

    @Test
    void sizeLimitDeletesOldestArchivesFirstByFileStart() throws IOException {
        // Modification times deliberately out of stamp order: order comes from the name.
        file("2025_03_01_10-02-00_flowinfo_json.zip", 100, Duration.ofDays(1));
        file("2025_03_01_10-00-00_graphinfo_json.zip", 100, Duration.ofHours(1));
        file("2025_03_01_10-00-00_flowinfo_json.zip", 100, Duration.ofHours(2));
        file("2025_03_01_10-04-00_flowinfo_json.zip", 100, Duration.ofDays(3));
        Retention retention = new Retention(null, 250, clock, metrics);

        List<Path> deleted = retention.apply(dir);

        assertEquals(List.of("2025_03_01_10-00-00_flowinfo_json.zip", "2025_03_01_10-00-00_graphinfo_json.zip"),
                names(deleted));
        assertEquals(Set.of("2025_03_01_10-02-00_flowinfo_json.zip", "2025_03_01_10-04-00_flowinfo_json.zip"),
                remaining());
        assertEquals(2, metrics.value("nsr_retention_deleted_files_total"));
        assertEquals(200, metrics.value("nsr_retention_deleted_bytes_total"));
        assertEquals(2, metrics.value("nsr_retention_archives"));
        assertEquals(200, metrics.value("nsr_retention_archive_bytes"));
    }

    @Test
    void sequenceStampsSortAfterTheirPlainStamp() throws IOException {
        file("2025_11_02_01-58-00~00001_flowinfo_json.zip", 100, Duration.ofHours(1));
        file("2025_11_02_01-58-00_flowinfo_json.zip", 100, Duration.ofHours(1));
        file("2025_11_02_02-00-00_flowinfo_json.zip", 100, Duration.ofHours(1));

        List<Path> deleted = new Retention(null, 100, clock, metrics).apply(dir);

        assertEquals(List.of("2025_11_02_01-58-00_flowinfo_json.zip", "2025_11_02_01-58-00~00001_flowinfo_json.zip"),
                names(deleted));
    }

    @Test
    void liveFilesAreNeverDeletedNorCounted() throws IOException {
        // Huge files in every other stage, all far older than the limit: none is an archive.
        file("2025_01_01_00-00-00_flowinfo.json.part", 10_000, Duration.ofDays(90));
        file("2025_01_01_00-02-00_flowinfo.json", 10_000, Duration.ofDays(90));
        file("2025_01_01_00-04-00_flowinfo_json.zip.part", 10_000, Duration.ofDays(90));
        file("notes_json.zip", 10_000, Duration.ofDays(90));
        Files.createDirectory(dir.resolve("2025_01_01_00-06-00_flowinfo_json.zip"));
        file("2025_03_31_11-00-00_flowinfo_json.zip", 100, Duration.ofHours(1));
        Set<String> before = remaining();

        List<Path> deleted = new Retention(Duration.ofDays(30), 100, clock, metrics).apply(dir);

        assertEquals(List.of(), deleted, "the only archive is young and the archives total exactly the limit");
        assertEquals(before, remaining());
        assertEquals(100, metrics.value("nsr_retention_archive_bytes"), "only archives count toward the size");
    }

    @Test
    void ageLimitDeletesArchivesOlderThanMaxAgeByModificationTime() throws IOException {
        file("2025_02_01_00-00-00_flowinfo_json.zip", 10, Duration.ofDays(30).plusSeconds(1));
        file("2025_02_01_00-02-00_flowinfo_json.zip", 10, Duration.ofDays(30));
        file("2025_03_30_00-00-00_flowinfo_json.zip", 10, Duration.ofDays(1));
        file("2025_01_01_00-00-00_flowinfo.json", 10, Duration.ofDays(90));
        Retention retention = new Retention(Duration.ofDays(30), NO_SIZE_LIMIT, clock, metrics);

        assertEquals(List.of("2025_02_01_00-00-00_flowinfo_json.zip"), names(retention.apply(dir)));

        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of("2025_02_01_00-02-00_flowinfo_json.zip"), names(retention.apply(dir)),
                "an archive expires once it is strictly older than max_age");
        assertEquals(Set.of("2025_01_01_00-00-00_flowinfo.json", "2025_03_30_00-00-00_flowinfo_json.zip"),
                remaining());
    }

    @Test
    void bothLimitsHoldAfterApply() throws IOException {
        file("2025_03_01_00-00-00_flowinfo_json.zip", 100, Duration.ofDays(31)); // too old
        file("2025_03_02_00-00-00_flowinfo_json.zip", 100, Duration.ofDays(29));  // over size
        file("2025_03_03_00-00-00_flowinfo_json.zip", 100, Duration.ofDays(28));
        file("2025_03_04_00-00-00_flowinfo_json.zip", 100, Duration.ofDays(27));
        // Out of stamp order but expired: age is judged per archive, not only at the front.
        file("2025_03_05_00-00-00_graphinfo_json.zip", 100, Duration.ofDays(40));

        List<Path> deleted = new Retention(Duration.ofDays(30), 200, clock, metrics).apply(dir);

        assertEquals(List.of("2025_03_01_00-00-00_flowinfo_json.zip", "2025_03_02_00-00-00_flowinfo_json.zip",
                "2025_03_05_00-00-00_graphinfo_json.zip"), names(deleted));
        assertEquals(Set.of("2025_03_03_00-00-00_flowinfo_json.zip", "2025_03_04_00-00-00_flowinfo_json.zip"),
                remaining());
        assertEquals(300, metrics.value("nsr_retention_deleted_bytes_total"));
    }

    @Test
    void withoutLimitsNothingIsDeleted() throws IOException {
        file("2020_01_01_00-00-00_flowinfo_json.zip", 1_000_000, Duration.ofDays(2000));
        Retention retention = new Retention(null, NO_SIZE_LIMIT, clock, metrics);

        assertTrue(retention.isNoOp());
        assertEquals(List.of(), retention.apply(dir));
        assertEquals(Set.of("2020_01_01_00-00-00_flowinfo_json.zip"), remaining());
        assertEquals(0, metrics.value("nsr_retention_deleted_files_total"));
        assertEquals(1_000_000, metrics.value("nsr_retention_archive_bytes"));
    }

    @Test
    void badLimitsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Retention(Duration.ZERO, NO_SIZE_LIMIT, clock, metrics));
        assertThrows(IllegalArgumentException.class, () -> new Retention(null, -2, clock, metrics));
    }
}
