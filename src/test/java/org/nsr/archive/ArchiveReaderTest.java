package org.nsr.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.testing.RecordingWriter;

class ArchiveReaderTest {
    private static final LocalDateTime T0 = LocalDateTime.of(2025, 8, 22, 10, 0, 0);

    @TempDir
    Path dir;

    private static List<String> lines(int n, int width) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("{\"timestamp\":" + (1_755_856_800_000L + i) + ",\"pad\":\"" + "x".repeat(width + i % 7) + "\"}");
        }
        return out;
    }

    private static List<String> readAll(LineSource src) throws IOException {
        List<String> out = new ArrayList<>();
        while (src.next()) {
            out.add(new String(src.array(), src.offset(), src.length(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void archiveLinesComeBackInOrderAcrossBufferRefills() throws IOException {
        List<String> expected = lines(500, 300);
        Path zip = RecordingWriter.writeZip(dir, T0, "flowinfo", expected);
        ArchiveReader reader = new ArchiveReader(new ArchiveReader.Options(true, 1024, 1 << 20));
        try (LineSource src = reader.open(zip)) {
            assertEquals(expected, readAll(src));
        }
    }

    @Test
    void plainFileIsReadAndAnUnterminatedLastLineIsFlagged() throws IOException {
        Path part = RecordingWriter.writePart(dir, T0, "gen", lines(3, 10), "{\"timestamp\":17558");
        try (LineSource src = new ArchiveReader().open(part)) {
            for (int i = 0; i < 3; i++) {
                assertTrue(src.next());
                assertFalse(src.currentLineUnterminated());
            }
            assertTrue(src.next());
            assertTrue(src.currentLineUnterminated());
            assertEquals("{\"timestamp\":17558", new String(src.array(), src.offset(), src.length(), StandardCharsets.UTF_8));
            assertFalse(src.next());
        }
    }

    @Test
    void flippedBytesInTheCompressedDataAreReportedAsDamage() throws IOException {
        Path zip = RecordingWriter.writeZip(dir, T0, "flowinfo", lines(2000, 100));
        byte[] bytes = Files.readAllBytes(zip);
        for (int i = 0; i < 8; i++) {
            bytes[bytes.length / 2 + i] ^= (byte) 0x5A;
        }
        Files.write(zip, bytes);
        DamagedFileException e = assertThrows(DamagedFileException.class, () -> {
            try (LineSource src = new ArchiveReader(ArchiveReader.Options.defaults().withVerifyCrc(true)).open(zip)) {
                readAll(src);
            }
        });
        assertTrue(Set.of(DamagedFileException.Kind.CORRUPT, DamagedFileException.Kind.CRC_MISMATCH,
                DamagedFileException.Kind.TRUNCATED).contains(e.kind()), e.kind().toString());
        assertTrue(e.getMessage().contains(zip.getFileName().toString()), e.getMessage());
    }

    @Test
    void truncatedArchiveIsReportedAsTruncated() throws IOException {
        Path zip = RecordingWriter.writeZip(dir, T0, "flowinfo", lines(2000, 100));
        byte[] bytes = Files.readAllBytes(zip);
        Files.write(zip, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        DamagedFileException e = assertThrows(DamagedFileException.class, () -> new ArchiveReader().open(zip));
        assertEquals(DamagedFileException.Kind.TRUNCATED, e.kind());
    }

    @Test
    void archiveWithTwoEntriesIsRejected() throws IOException {
        Path zip = dir.resolve("2025_08_22_10-00-00_flowinfo_json.zip");
        try (OutputStream fo = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(fo)) {
            out.putNextEntry(new ZipEntry("a.json"));
            out.write("{}\n".getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new ZipEntry("b.json"));
            out.write("{}\n".getBytes(StandardCharsets.UTF_8));
        }
        DamagedFileException e = assertThrows(DamagedFileException.class, () -> new ArchiveReader().open(zip));
        assertEquals(DamagedFileException.Kind.NOT_SINGLE_ENTRY, e.kind());
    }

    @Test
    void lineLongerThanTheLimitIsReportedNotLoaded() throws IOException {
        Path json = RecordingWriter.writeJson(dir, T0, "big", List.of("{\"timestamp\":1,\"x\":\"" + "y".repeat(10_000) + "\"}"));
        ArchiveReader reader = new ArchiveReader(new ArchiveReader.Options(false, 1024, 4096));
        DamagedFileException e = assertThrows(DamagedFileException.class, () -> {
            try (LineSource src = reader.open(json)) {
                readAll(src);
            }
        });
        assertEquals(DamagedFileException.Kind.LINE_TOO_LONG, e.kind());
    }

    @Test
    void missingFileIsUnreadable() {
        DamagedFileException e = assertThrows(DamagedFileException.class,
                () -> new ArchiveReader().open(dir.resolve("2025_08_22_10-00-00_x_json.zip")));
        assertEquals(DamagedFileException.Kind.UNREADABLE, e.kind());
    }

    @Test
    void closingAHalfReadArchiveStopsItsReadAheadThread() throws IOException {
        Path zip = RecordingWriter.writeZip(dir, T0, "flowinfo", lines(20_000, 200));
        try (LineSource src = new ArchiveReader().open(zip)) {
            assertTrue(src.next());
            assertTrue(Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals("nsr read-ahead " + zip.getFileName())));
        }
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("nsr read-ahead") && t.isAlive()));
    }

    @Test
    void damageIsReportedTheSameWithoutReadAhead() throws IOException {
        Path zip = RecordingWriter.writeZip(dir, T0, "flowinfo", lines(2000, 100));
        byte[] bytes = Files.readAllBytes(zip);
        bytes[bytes.length / 2] ^= (byte) 0x5A;
        bytes[bytes.length / 2 + 1] ^= (byte) 0x5A;
        Files.write(zip, bytes);
        ArchiveReader reader = new ArchiveReader(ArchiveReader.Options.defaults().withVerifyCrc(true).withReadAheadBlocks(0));
        List<String> before = new ArrayList<>();
        DamagedFileException e = assertThrows(DamagedFileException.class, () -> {
            try (LineSource src = reader.open(zip)) {
                while (src.next()) {
                    before.add("x");
                }
            }
        });
        assertTrue(Set.of(DamagedFileException.Kind.CORRUPT, DamagedFileException.Kind.CRC_MISMATCH,
                DamagedFileException.Kind.TRUNCATED).contains(e.kind()), e.kind().toString());
        assertTrue(before.size() < 2000);
    }
}
