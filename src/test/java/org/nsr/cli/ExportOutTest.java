package org.nsr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.testing.RecordingWriter;

/** {@code export --out} that cannot be a writable directory: one line, exit 2, no stack trace. */
class ExportOutTest {
    static final LocalDateTime T0 = LocalDateTime.of(2025, 8, 22, 10, 0, 0);

    @TempDir
    Path dir;
    @TempDir
    Path tmp;

    @BeforeEach
    void recording() throws Exception {
        long ms = T0.toInstant(ZoneOffset.UTC).toEpochMilli();
        RecordingWriter.writeZip(dir, T0, "flowinfo", List.of(RecordingWriter.flowinfoLine(ms, "[]")));
    }

    @Test
    void anExistingFileAsOutIsRefusedInOneLine() throws Exception {
        Path file = Files.writeString(tmp.resolve("passwd"), "root:x:0:0\n");

        CliCapture.Result r = CliCapture.run("export", dir.toString(), "--format", "ndtwin-playback", "--out", file.toString());

        assertEquals(2, r.exitCode());
        assertEquals("nsr export: --out: '" + file + "' is a file, not a directory; expected a new or empty directory\n",
                r.err());
        assertEquals("root:x:0:0\n", Files.readString(file), "the file is untouched");
    }

    @Test
    void etcPasswdAsOutIsRefusedInOneLine() {
        CliCapture.Result r = CliCapture.run("export", dir.toString(), "--format", "ndtwin-playback", "--out", "/etc/passwd");

        assertEquals(2, r.exitCode());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("nsr export: --out: '/etc/passwd' is a file"), r.err());
    }

    @Test
    void aDirectoryThatCannotBeCreatedIsRefusedInOneLine() {
        // Even root cannot make a directory in /proc/self, so this holds whoever runs the test.
        Path out = Path.of("/proc/self/nsr-export");

        CliCapture.Result r = CliCapture.run("export", dir.toString(), "--format", "ndtwin-playback", "--out", out.toString());

        assertEquals(2, r.exitCode(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("nsr export: --out: '" + out + "' cannot be written ("), r.err());
        assertTrue(r.err().contains("expected a new or empty directory this user can create and write"), r.err());
    }

    @Test
    void aWritableNewDirectoryStillExports() {
        Path out = tmp.resolve("new/dir");

        CliCapture.Result r = CliCapture.run("export", dir.toString(), "--format", "ndtwin-playback", "--out", out.toString());

        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.exists(out.resolve("2025_08_22_10-00-00_flowinfo.json")), r.err());
    }
}
