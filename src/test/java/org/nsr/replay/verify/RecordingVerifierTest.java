package org.nsr.replay.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.replay.RecordingIndex;
import org.nsr.testing.RecordingWriter;

class RecordingVerifierTest {
    static final LocalDateTime T0 = LocalDateTime.of(2025, 8, 22, 10, 0, 0);
    static final long T0_MS = T0.toInstant(ZoneOffset.UTC).toEpochMilli();

    @TempDir
    Path dir;

    private List<Path> writeSoundRecording() throws Exception {
        List<Path> zips = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            List<String> lines = new ArrayList<>();
            for (int s = 0; s < 600; s++) {
                lines.add(RecordingWriter.flowinfoLine(T0_MS + f * 60_000L + s * 100L,
                        "[{\"src_ip\":" + s + ",\"pad\":\"" + Integer.toHexString(s * 31337) + "\"}]"));
            }
            zips.add(RecordingWriter.writeZip(dir, T0.plusMinutes(f), "flowinfo", lines));
        }
        return zips;
    }

    private RecordingVerifier verify(boolean strict) throws Exception {
        RecordingVerifier v = new RecordingVerifier(RecordingIndex.scan(dir), strict);
        v.run();
        return v;
    }

    @Test
    void aSoundRecordingIsSound() throws Exception {
        List<Path> zips = writeSoundRecording();
        // the gaps between files (60 s files holding 60 s of records at 100 ms) are not gaps
        RecordingVerifier v = verify(true);
        assertTrue(v.sound(), v.errors().toString());
        assertEquals(0, v.gaps());
        assertEquals(3, zips.size());
    }

    @Test
    void flippedBytesInAnArchiveAreAnError() throws Exception {
        Path zip = writeSoundRecording().get(1);
        byte[] b = Files.readAllBytes(zip);
        for (int i = 0; i < 4; i++) {
            b[b.length / 3 + i] ^= (byte) 0xFF;
        }
        Files.write(zip, b);
        RecordingVerifier v = verify(false);
        assertFalse(v.sound());
        assertEquals(1, v.errors().size(), v.errors().toString());
        assertTrue(v.errors().get(0).contains(zip.getFileName().toString()), v.errors().get(0));
    }

    @Test
    void aTruncatedArchiveIsAnError() throws Exception {
        Path zip = writeSoundRecording().get(2);
        byte[] b = Files.readAllBytes(zip);
        Files.write(zip, Arrays.copyOf(b, b.length - 100));
        RecordingVerifier v = verify(false);
        assertFalse(v.sound());
        assertTrue(v.errors().get(0).contains("truncated"), v.errors().get(0));
    }

    @Test
    void invalidJsonAndMissingTimestampsAreErrors() throws Exception {
        RecordingWriter.writeJson(dir, T0, "x", List.of(
                RecordingWriter.flowinfoLine(T0_MS, "[]"),
                "{\"timestamp\":" + (T0_MS + 1) + ",\"flowinfo\":[1,2}",
                "{\"flowinfo\":[]}"));
        RecordingVerifier v = verify(false);
        assertFalse(v.sound());
        assertTrue(v.errors().get(0).contains("1 lines not valid JSON objects, 1 without a numeric timestamp"),
                v.errors().get(0));
    }

    @Test
    void decreasingTimestampsAreWarningsUnlessStrict() throws Exception {
        RecordingWriter.writeJson(dir, T0, "x", List.of(
                RecordingWriter.flowinfoLine(T0_MS + 1000, "[]"),
                RecordingWriter.flowinfoLine(T0_MS + 500, "[]"),
                RecordingWriter.flowinfoLine(T0_MS + 2000, "[]"),
                RecordingWriter.flowinfoLine(T0_MS + 1500, "[]"),
                RecordingWriter.flowinfoLine(T0_MS + 3000, "[]")));
        RecordingVerifier lenient = verify(false);
        assertTrue(lenient.sound());
        assertEquals(2, lenient.nonMonotonicRecords());
        assertTrue(lenient.warnings().stream().anyMatch(w -> w.contains("2 records with a timestamp below")));
        assertFalse(verify(true).sound());
    }

    @Test
    void cadenceGapsOfAPollSourceAreListed() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            lines.add(RecordingWriter.flowinfoLine(T0_MS + s * 1000L, "[]"));
        }
        for (int s = 30; s < 50; s++) {
            lines.add(RecordingWriter.flowinfoLine(T0_MS + s * 1000L, "[]"));
        }
        RecordingWriter.writeZip(dir, T0, "flowinfo", lines);
        RecordingVerifier v = verify(false);
        assertTrue(v.sound());
        assertEquals(1, v.gaps());
        assertTrue(v.warnings().get(0).contains("cadence gap of 11s from 2025-08-22T10:00:19Z to 2025-08-22T10:00:30Z"),
                v.warnings().get(0));
        assertTrue(v.warnings().get(0).contains("interval inferred as 1s"), v.warnings().get(0));
        assertFalse(verify(true).sound());
    }

    @Test
    void generatorSourcesAreNotCheckedForCadence() throws Exception {
        List<String> lines = new ArrayList<>();
        long ns = T0_MS * 1_000_000L;
        for (int i = 0; i < 50; i++) {
            ns += i == 25 ? 60_000_000_000L : 1_000_000L;
            lines.add(RecordingWriter.generatorLine(1, ns, "1.1.1.1", "2.2.2.2", 1, 2, 6, 1, 1));
        }
        RecordingWriter.writeZip(dir, T0, "gen", lines);
        assertEquals(0, verify(true).gaps());
    }

    /** A file with one decrease, archived by the recorder's archiver with {@code comment}. */
    private Path archiveWithOneDecrease(String comment) throws Exception {
        org.nsr.layout.RecordingFileName name = new org.nsr.layout.RecordingFileName("2026_11_23_10-00-00", "gen");
        Path json = dir.resolve(name.entryName());
        java.nio.file.Files.writeString(json, "{\"timestamp\":1000000000000000000}\n"
                + "{\"timestamp\":1000000000020000000}\n{\"timestamp\":1000000000010000000}\n"
                + "{\"timestamp\":1000000000030000000}\n");
        return new org.nsr.archive.ZipArchiver(4).archive(json, name, comment).archive();
    }

    @Test
    void aDecreaseTheWriterCountedAsLateIsSoundEvenInStrictMode() throws Exception {
        archiveWithOneDecrease("nsr late_records=1 sort_by=timestamp");
        RecordingVerifier v = verify(true);
        assertTrue(v.sound(), v.errors().toString());
        assertTrue(v.warnings().stream().noneMatch(w -> w.contains("timestamp below")), v.warnings().toString());
    }

    @Test
    void moreDecreasesThanCountedLateRecordsAreAnError() throws Exception {
        archiveWithOneDecrease("nsr late_records=0 sort_by=timestamp");
        RecordingVerifier v = verify(false);
        assertTrue(!v.sound(), "disorder the writer did not count is an error");
        assertTrue(v.errors().toString().contains("the writer counted only 0 late records"), v.errors().toString());
    }

    @Test
    void aDecreaseInAFileWithoutFactsIsAWarningUnlessStrict() throws Exception {
        archiveWithOneDecrease(null);
        assertTrue(verify(false).sound());
        assertTrue(!verify(true).sound());
    }

    @Test
    void aFileSortedByAnotherFieldIsNotExpectedInTimeOrder() throws Exception {
        archiveWithOneDecrease("nsr late_records=0 sort_by=bytes");
        assertTrue(verify(true).sound());
    }

    /** An archive of {@code lines} under its proper file name, whose single entry is called {@code entryName}. */
    private Path zipWithEntry(String entryName, byte[] lines) throws Exception {
        org.nsr.layout.RecordingFileName name = new org.nsr.layout.RecordingFileName("2026_11_23_10-00-00", "gen");
        Path zip = dir.resolve(name.fileName(org.nsr.layout.FileStage.ARCHIVED));
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry(entryName == null ? name.entryName() : entryName));
            out.write(lines);
            out.closeEntry();
        }
        return zip;
    }

    @Test
    void theLateCountInTheArchiveCommentIsReportedEvenWhenNoTimestampDecreases() throws Exception {
        org.nsr.layout.RecordingFileName name = new org.nsr.layout.RecordingFileName("2026_11_23_10-00-00", "gen");
        Path json = dir.resolve(name.entryName());
        Files.writeString(json, "{\"timestamp\":1000000000000000000}\n{\"timestamp\":1000000000020000000}\n");
        new org.nsr.archive.ZipArchiver(4).archive(json, name, "nsr late_records=1 sort_by=timestamp");
        RecordingVerifier v = verify(true);
        assertTrue(v.sound(), v.errors().toString());
        assertEquals(1, v.lateRecordsCounted());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        v.print(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(out.toString(java.nio.charset.StandardCharsets.UTF_8).contains("1 late records the writer counted"),
                out.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void anArchiveWhoseEntryIsNotNamedAfterTheArchiveIsAnError() throws Exception {
        Path zip = zipWithEntry("../../x", "{\"timestamp\":1000000000000000000}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        RecordingVerifier v = verify(false);
        assertFalse(v.sound(), "an entry named ../../x must not be sound");
        assertEquals(1, v.errors().size(), v.errors().toString());
        assertTrue(v.errors().get(0).contains(zip.getFileName().toString())
                && v.errors().get(0).contains("'../../x'")
                && v.errors().get(0).contains("expected '2026_11_23_10-00-00_gen.json'"), v.errors().get(0));
    }

    @Test
    void aLineThatIsNotUtf8IsAnErrorThatNamesItsLine() throws Exception {
        byte[] good = "{\"timestamp\":1000000000000000000}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bad = {'{', '"', 'm', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', ',', '"', 't', 'i', 'm', 'e', 's',
                't', 'a', 'm', 'p', '"', ':', '2', '}', '\n'};
        java.io.ByteArrayOutputStream lines = new java.io.ByteArrayOutputStream();
        lines.write(good);
        lines.write(bad);
        lines.write(good);
        zipWithEntry(null, lines.toByteArray());
        RecordingVerifier v = verify(false);
        assertFalse(v.sound());
        assertTrue(v.errors().toString().contains("1 lines not valid UTF-8 (first: line 2 byte 7)"), v.errors().toString());
    }
}
