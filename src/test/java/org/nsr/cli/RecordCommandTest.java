package org.nsr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RecordCommandTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();
    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(out, true));
        return cl.execute(args);
    }

    @Test
    void aBadSettingFilePrintsOneMessageAndExitsTwoWithoutAStackTrace() throws Exception {
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, "Recorder:\n  data:\n    request_interval: \"fast\"\n");
        assertEquals(2, run("record", "--config", cfg.toString()));
        assertEquals("nsr record: Recorder.data.request_interval: 'fast' is not a duration; expected a number of seconds or a "
                + "string such as \"250ms\", \"30s\", \"2m\"", err.toString().trim());
    }

    @Test
    void anUnknownOptionExitsTwoAndNamesIt() {
        assertEquals(2, run("record", "--confg", "x.yaml"));
        assertTrue(err.toString().contains("Unknown options: '--confg'"), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace");
    }

    @Test
    void aMalformedRunForExitsTwo() {
        assertEquals(2, run("record", "--run-for", "soon"));
        assertEquals("nsr record: --run-for: 'soon' is not a duration; expected e.g. 30s or 5m", err.toString().trim());
    }

    @Test
    void aZeroRunForSaysItMustBePositive() {
        assertEquals(2, run("record", "--run-for", "0s"));
        assertEquals("nsr record: --run-for: '0s' must be positive; expected e.g. 30s or 5m", err.toString().trim());
    }

    @Test
    void aNegativeRunForSaysItMustBePositive() {
        assertEquals(2, run("record", "--run-for", "-5s"));
        assertEquals("nsr record: --run-for: '-5s' must be positive; expected e.g. 30s or 5m", err.toString().trim());
    }

    @Test
    void demoWithAConfigFileIsRefusedInsteadOfIgnoringTheFile() {
        assertEquals(2, run("record", "--demo", "-c", "mine.yaml", "--run-for", "1s"));
        assertTrue(err.toString().startsWith("nsr record: --demo: cannot be combined with --config 'mine.yaml'"),
                err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
    }

    @Test
    void anUnknownOptionIsPrefixedWithTheCommand() {
        assertEquals(2, run("record", "--confg", "x.yaml"));
        assertTrue(err.toString().startsWith("nsr record: Unknown option"), err.toString());
    }

    @Test
    void helpListsEveryCommandAndEachCommandHasItsOwnHelp() {
        assertEquals(0, run("--help"));
        for (String cmd : new String[] {"record", "simulate", "generate"}) {
            assertTrue(out.toString().contains(cmd), "nsr --help lists " + cmd);
        }
        assertEquals(0, run("record", "--help"));
        assertTrue(out.toString().contains("--run-for"), out.toString());
    }
}
