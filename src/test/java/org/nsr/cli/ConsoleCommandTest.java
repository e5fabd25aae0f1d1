package org.nsr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.testing.RecordingWriter;
import picocli.CommandLine;

/** {@code nsr console}: piped scripts over a recording, and the console settings a user can get wrong. */
class ConsoleCommandTest {
    @TempDir
    Path dir;

    @Test
    void aConsoleOnAllAddressesWithoutATokenExitsTwoNamingTheKeys() throws Exception {
        Path cfg = dir.resolve("exposed.yaml");
        Files.writeString(cfg, "Recorder:\n  data:\n    output_dir: \"" + dir.resolve("out") + "\"\n"
                + "    console: {listen: \"0.0.0.0:42042\"}\n");
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertEquals(2, cl.execute("record", "--config", cfg.toString()));
        assertEquals("nsr record: Recorder.data.console.listen: '0.0.0.0:42042' is not a loopback address and "
                + "Recorder.data.console.token is not set; expected a loopback address or a token",
                err.toString().trim());
    }

    @Test
    void aPipedScriptOverARecordingAnswersEveryLineAndExitsZero() throws Exception {
        long t0 = 1_755_857_592_000_000_000L;
        RecordingWriter.writeZip(dir, LocalDateTime.of(2025, 8, 22, 10, 0), "flows", List.of(
                RecordingWriter.generatorLine(1, t0, "10.0.0.1", "10.0.0.2", 1000, 443, 6, 1, 100)));
        InputStream oldIn = System.in;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setIn(new ByteArrayInputStream("query feed index connection2 \"10.0.0.2 10.0.0.1\"\nnonsense\n"
                    .getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = Main.run("console", dir.toString());
        } finally {
            System.setIn(oldIn);
            System.setOut(oldOut);
        }
        assertEquals(0, code);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("\"stream_id\":1"));
        assertEquals("ok 1", lines.get(1));
        assertTrue(lines.get(2).startsWith("error: at column 1: expected a command"));
    }

    @Test
    void neitherDirNorConnectIsABadInput() {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        PrintStream oldErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            assertEquals(2, cl.execute("console"));
            assertEquals(2, cl.execute("console", "--connect", "nohostport"));
        } finally {
            System.setErr(oldErr);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("give either DIR or --connect HOST:PORT"), text);
        assertTrue(text.contains("--connect: 'nohostport' is not an address"), text);
    }
}
