package org.nsr.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.layout.FileStage;
import org.nsr.layout.RecordingFileName;

class ArchivingTest {
    @TempDir
    Path dir;

    private final RecordingFileName name = new RecordingFileName("2026_11_23_10-00-00", "flowinfo");

    private Path writeJson(String content) throws IOException {
        Path json = dir.resolve(name.fileName(FileStage.COMPLETE));
        Files.writeString(json, content);
        return json;
    }

    private static byte[] entryBytes(Path zip, String entry) throws IOException {
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            ZipEntry e = zf.getEntry(entry);
            try (InputStream in = zf.getInputStream(e)) {
                return in.readAllBytes();
            }
        }
    }

    @Test
    void anArchiveHoldsOneEntryWithTheFilesBytesAndTheJsonIsDeletedAfterwards() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            sb.append("{\"timestamp\":").append(i).append(",\"flowinfo\":[]}\n");
        }
        Path json = writeJson(sb.toString());
        ZipArchiver.Result r = new ZipArchiver(4).archive(json, name);

        assertEquals(dir.resolve("2026_11_23_10-00-00_flowinfo_json.zip"), r.archive());
        assertFalse(Files.exists(json), "the .json is deleted once the archive is verified");
        assertFalse(Files.exists(dir.resolve(name.fileName(FileStage.ARCHIVING))));
        assertArrayEquals(sb.toString().getBytes(StandardCharsets.UTF_8),
                entryBytes(r.archive(), "2026_11_23_10-00-00_flowinfo.json"));
        try (ZipFile zf = new ZipFile(r.archive().toFile())) {
            assertEquals(1, zf.size());
            assertEquals(ZipEntry.DEFLATED, zf.entries().nextElement().getMethod());
        }
        assertTrue(r.compressedBytes() < r.rawBytes() / 5, "deflate actually compresses");
    }

    @Test
    void archivesPassUnzipTestAndPythonZipfile() throws Exception {
        Path json = writeJson("{\"timestamp\":1,\"nodes\":[],\"edges\":[]}\n");
        Path zip = new ZipArchiver(4).archive(json, name).archive();
        ExternalTools.assertUnzipTestPasses(zip);
        ExternalTools.assertPythonZipfileReads(zip, "2026_11_23_10-00-00_flowinfo.json");
    }

    @Test
    void recoveryCutsAPartFileBackToItsLastCompleteLineAndPublishesIt() throws Exception {
        Path part = dir.resolve(name.fileName(FileStage.WRITING));
        Files.writeString(part, "{\"timestamp\":1}\n{\"timestamp\":2}\n{\"timest");
        List<Recovery.Leftover> left = Recovery.recover(dir);
        assertEquals(1, left.size());
        assertEquals(dir.resolve(name.fileName(FileStage.COMPLETE)), left.get(0).json());
        assertEquals("{\"timestamp\":1}\n{\"timestamp\":2}\n", Files.readString(left.get(0).json()));
        assertFalse(Files.exists(part));
    }

    @Test
    void recoveryDeletesUnverifiedArchivesAndKeepsTheirJsonForCompression() throws Exception {
        Path json = writeJson("{\"timestamp\":1}\n");
        Path zipPart = dir.resolve(name.fileName(FileStage.ARCHIVING));
        Files.write(zipPart, new byte[] {'P', 'K', 3, 4, 0});
        List<Recovery.Leftover> left = Recovery.recover(dir);
        assertFalse(Files.exists(zipPart));
        assertEquals(List.of(new Recovery.Leftover(json, name, null)), left);
    }

    @Test
    void recoveryDeletesAJsonWhoseVerifiedArchiveIsAlreadyInPlace() throws Exception {
        Path json = writeJson("{\"timestamp\":1}\n");
        Path copy = dir.resolve("copy");
        Files.copy(json, copy);
        new ZipArchiver(4).archive(json, name);
        Files.move(copy, json); // a crash between the archive's rename and the .json's delete
        assertEquals(List.of(), Recovery.recover(dir));
        assertFalse(Files.exists(json));
    }

    @Test
    void recoveryReArchivesAJsonWhoseArchiveDoesNotMatch() throws Exception {
        Path json = writeJson("{\"timestamp\":1}\n");
        new ZipArchiver(4).archive(json, name);
        Files.writeString(json, "{\"timestamp\":1}\n{\"timestamp\":2}\n");
        assertEquals(List.of(new Recovery.Leftover(json, name, null)), Recovery.recover(dir));
        assertTrue(Files.exists(dir.resolve("2026_11_23_10-00-00_flowinfo_json.zip.mismatch")),
                "the archive that does not match is kept aside, not overwritten");
        new ZipArchiver(4).archive(json, name);
        assertEquals("{\"timestamp\":1}\n{\"timestamp\":2}\n",
                new String(entryBytes(dir.resolve("2026_11_23_10-00-00_flowinfo_json.zip"),
                        "2026_11_23_10-00-00_flowinfo.json"), StandardCharsets.UTF_8));
    }

    @Test
    void publishingNeverOverwritesAnExistingRecording() throws Exception {
        Path json = writeJson("{\"timestamp\":1}\n");
        Path zip = dir.resolve(name.fileName(FileStage.ARCHIVED));
        Files.writeString(zip, "an archive that must survive");
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> new ZipArchiver(4).archive(json, name));
        assertEquals("an archive that must survive", Files.readString(zip));
        assertTrue(Files.exists(json), "the source stays until an archive of it is in place");
    }

    @Test
    void recoveryCarriesTheWritersLateCountFromTheSideFileAndDropsOrphanSideFiles() throws Exception {
        Files.writeString(dir.resolve(name.fileName(FileStage.WRITING)), "{\"timestamp\":2}\n{\"timestamp\":1}\n");
        new org.nsr.layout.FileFacts(1, "timestamp").writeSidecar(org.nsr.layout.FileFacts.sidecarOf(dir, name));
        RecordingFileName archivedAlready = new RecordingFileName("2026_11_23_09-58-00", "flowinfo");
        Path orphan = org.nsr.layout.FileFacts.sidecarOf(dir, archivedAlready);
        new org.nsr.layout.FileFacts(0, "timestamp").writeSidecar(orphan);

        List<Recovery.Leftover> left = Recovery.recover(dir);
        assertEquals(List.of(new Recovery.Leftover(dir.resolve(name.fileName(FileStage.COMPLETE)), name,
                new org.nsr.layout.FileFacts(1, "timestamp"))), left);
        assertFalse(Files.exists(orphan), "a side file whose recording is archived is removed");
    }

    @Test
    void anEmptyPartFileIsDeletedByRecovery() throws Exception {
        Path part = dir.resolve(name.fileName(FileStage.WRITING));
        Files.writeString(part, "{\"timesta");
        assertEquals(List.of(), Recovery.recover(dir));
        assertFalse(Files.exists(part));
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }
}
