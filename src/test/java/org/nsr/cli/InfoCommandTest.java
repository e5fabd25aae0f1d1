package org.nsr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.testing.RecordingWriter;

/** {@code nsr info DIR}: a summary of a recording like {@code nfdump -I}. */
class InfoCommandTest {
    static final LocalDateTime T0 = LocalDateTime.of(2025, 8, 22, 10, 0, 0);
    static final long T0_MS = T0.toInstant(ZoneOffset.UTC).toEpochMilli();

    @TempDir
    Path dir;

    /** flowinfo polled every second for two 60-line files, with a 10 s hole in the second. */
    private void writeRecording() throws Exception {
        for (int f = 0; f < 2; f++) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                if (f == 1 && i >= 20 && i < 30) {
                    continue;
                }
                lines.add(RecordingWriter.flowinfoLine(T0_MS + f * 60_000L + i * 1000L, "[]"));
            }
            RecordingWriter.writeZip(dir, T0.plusMinutes(f), "flowinfo", lines);
        }
        RecordingWriter.writeJson(dir, T0.plusMinutes(2), "flowinfo",
                List.of("{\"timestamp\":" + (T0_MS + 120_000) + ",\"error\":{\"kind\":\"timeout\"}}"));
    }

    @Test
    void summarisesSourcesKindsSpanFilesRecordsBytesAndGaps() throws Exception {
        writeRecording();

        CliCapture.Result r = CliCapture.run("info", dir.toString());

        assertEquals(0, r.exitCode(), r.err());
        String out = r.out();
        assertTrue(out.contains("Sources:      flowinfo\n"), out);
        assertTrue(out.contains("Line kinds:   error 1, ndtwin_flows 110\n"), out);
        assertTrue(out.contains("Time span:    2025-08-22T10:00:00Z .. 2025-08-22T10:02:00Z (2m)"), out);
        assertTrue(out.contains("Files:        3 (1 waiting for compression, 2 archived)"), out);
        assertTrue(out.contains("Records:      111\n"), out);
        long zipped = Files.size(dir.resolve("2025_08_22_10-00-00_flowinfo_json.zip"))
                + Files.size(dir.resolve("2025_08_22_10-01-00_flowinfo_json.zip"));
        assertTrue(out.contains("Bytes zipped: " + zipped + " "), out);
        assertTrue(out.contains("Gaps:         1\n"), out);
        assertTrue(out.contains("gaps:       1 (interval 1s)"), out);
        assertTrue(out.contains("Index:        none\n"), out);
        assertTrue(out.contains("Manifest:     none\n"), out);
    }

    @Test
    void rawBytesAreTheUncompressedLinesWithTheirNewlines() throws Exception {
        List<String> lines = List.of(RecordingWriter.flowinfoLine(T0_MS, "[]"), RecordingWriter.flowinfoLine(T0_MS + 1, "[]"));
        RecordingWriter.writeZip(dir, T0, "flowinfo", lines);

        CliCapture.Result r = CliCapture.run("info", dir.toString());

        long raw = lines.stream().mapToLong(l -> l.length() + 1).sum();
        assertTrue(r.out().contains("Bytes raw:    " + raw + " ("), r.out());
    }

    @Test
    void aManifestIsShownAsPlainJsonWhateverItsFields() throws Exception {
        writeRecording();
        Files.createDirectories(dir.resolve(".nsr"));
        Files.writeString(dir.resolve(".nsr/recording.json"), "{\"format\":1,\"created_by\":\"nsr 0.1.0\",\"extra\":{\"a\":1},"
                + "\"sources\":[{\"name\":\"flowinfo\"},{\"name\":\"gen\"}],\"layouts\":[{\"x\":1}]}");

        CliCapture.Result r = CliCapture.run("info", dir.toString());

        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("recording.json: format=1, created_by=nsr 0.1.0, extra={\"a\":1}, sources=[flowinfo, gen], layouts=[1 entries]"), r.out());
    }

    @Test
    void aBrokenManifestIsReportedNotFatal() throws Exception {
        writeRecording();
        Files.createDirectories(dir.resolve(".nsr"));
        Files.writeString(dir.resolve(".nsr/recording.json"), "{not json");

        CliCapture.Result r = CliCapture.run("info", dir.toString());

        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("recording.json (unreadable: "), r.out());
    }

    @Test
    void aDamagedArchiveIsCountedAndExitsOne() throws Exception {
        writeRecording();
        Path zip = dir.resolve("2025_08_22_10-00-00_flowinfo_json.zip");
        byte[] bytes = Files.readAllBytes(zip);
        Files.write(zip, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        CliCapture.Result r = CliCapture.run("info", dir.toString());

        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("nsr info: damaged: "), r.err());
    }

    @Test
    void aLineThatIsNotUtf8IsCountedSkippedAndExitsOne() throws Exception {
        RecordingWriter.writeJson(dir, T0, "flowinfo", List.of(RecordingWriter.flowinfoLine(T0_MS, "[]"),
                "{\"timestamp\":" + (T0_MS + 1) + ",\"flowinfo\":\"\u00ff\"}"));
        Path json = dir.resolve("2025_08_22_10-00-00_flowinfo.json");
        byte[] bytes = Files.readAllBytes(json);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == (byte) 0xc3) { // the two UTF-8 bytes of \u00ff become \xff\xfe
                bytes[i] = (byte) 0xff;
                bytes[i + 1] = (byte) 0xfe;
            }
        }
        Files.write(json, bytes);

        CliCapture.Result r = CliCapture.run("info", dir.toString());

        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.out().contains("Records:      1\n"), r.out());
        assertTrue(r.err().contains("1 lines not valid UTF-8, skipped (first: line 2)"), r.err());
    }

    @Test
    void aMissingDirectoryExitsTwoWithOneLine() {
        CliCapture.Result r = CliCapture.run("info", dir.resolve("nope").toString());

        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith("nsr info: DIR: "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }
}
