package org.nsr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.testing.JarProcess;
import org.nsr.testing.Recordings;

/**
 * Issue 10 item 1 on the packaged jar: the state a kill -9 leaves between an archive's rename and
 * the delete of its {@code .json} ({@code X_json.zip}, {@code X.json}, {@code X.json.facts}) made
 * the next start fail with NoSuchFileException, exit 1. The next start now settles it.
 */
class RecoveryRestartIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private Path out() {
        return work.resolve("out");
    }

    @Test
    void aRestartBesideAnArchiveItsUnzippedJsonAndItsSideFileRecoversAndRecords() throws Exception {
        Path cfg = work.resolve("nsr.yaml");
        Files.writeString(cfg, """
                Recorder:
                  data:
                    storage_interval: "2s"
                    log_level: "INFO"
                    output_dir: "./out"
                    flush_interval: "500ms"
                    file_timezone: "UTC"
                    sources:
                      - name: gen
                        type: generator
                        threads: 1
                        rate: 2000
                """);
        try (JarProcess first = JarProcess.start(work, work.resolve("first.log"), "record", "--config", cfg.toString(),
                "--run-for", "5s")) {
            assertEquals(0, first.awaitExit(90), first.output());
        }
        List<Path> archives = Recordings.files(out(), "_json.zip");
        assertTrue(archives.size() >= 2, "a few archives: " + archives);
        List<String> before = Recordings.archivedLines(out());

        // By hand, as in the issue: unzip an archive next to itself and write a .facts file beside it.
        Path zip = archives.get(0);
        String entry = zip.getFileName().toString().replace("_json.zip", ".json");
        try (ZipFile zf = new ZipFile(zip.toFile()); InputStream in = zf.getInputStream(zf.getEntry(entry))) {
            Files.write(out().resolve(entry), in.readAllBytes());
        }
        Files.writeString(out().resolve(entry + ".facts"), "nsr late_records=0 sort_by=timestamp\n");

        try (JarProcess second = JarProcess.start(work, work.resolve("second.log"), "record", "--config",
                cfg.toString(), "--run-for", "3s")) {
            assertEquals(0, second.awaitExit(90), second.output());
            assertFalse(second.output().contains("NoSuchFileException"), second.output());
            assertTrue(second.output().contains("was already archived and verified"), second.output());
        }
        assertEquals(List.of(), Recordings.files(out(), ".json"), "the leftover .json is gone");
        assertEquals(List.of(), Recordings.files(out(), ".facts"), "and its side file");
        assertEquals(List.of(), Recordings.files(out(), ".part"));
        List<String> after = Recordings.archivedLines(out());
        assertTrue(new HashSet<>(after).containsAll(before), "every record of the first run is still archived");
        assertTrue(after.size() > before.size(), "the second run recorded too");
        assertEquals(after.size(), new HashSet<>(after).size(), "no record archived twice");

        JsonNode manifest = JSON.readTree(out().resolve(".nsr/recording.json").toFile());
        assertEquals("UTC", manifest.get("file_timezone").asText());
        assertEquals("PT2S", manifest.get("storage_interval").asText());
        assertTrue(manifest.get("covers_every_file").asBoolean(), manifest.toString());
        assertEquals("generator_flow", manifest.get("sources").get(0).get("line_kind").asText());
    }
}
