package org.nsr.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.index.IndexKind;
import org.nsr.index.Lookup;
import org.nsr.testing.RecordingWriter;

class CommandSessionTest {
    @TempDir
    Path dir;
    private CommandSession session;
    private final List<String> lines = new ArrayList<>();

    @BeforeEach
    void recording() throws Exception {
        long t0 = 1_755_857_592_000_000_000L;
        for (int f = 0; f < 3; f++) {
            List<String> part = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                long ts = t0 + (f * 50L + i) * 1_000_000L;
                part.add(RecordingWriter.generatorLine(i, ts, "10.0.0." + (i % 5), "10.0.1." + (i % 7), 1000 + i,
                        443, 6, 1, 100));
            }
            lines.addAll(part);
            RecordingWriter.writeZip(dir, LocalDateTime.of(2025, 8, 22, 10, f), "flows", part);
        }
        session = new CommandSession(new CommandParser(Clock.systemUTC(), ZoneOffset.UTC), new RecordingBackend(dir));
    }

    private String run(String line) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        session.execute(line, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aFeedQueryPrintsWhatLookupPrintsAndEndsWithOkAndTheCount() throws Exception {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        new Lookup(dir).run(new Lookup.Query(IndexKind.IP, IndexKind.IP.parse("10.0.0.3"), Long.MIN_VALUE,
                Long.MAX_VALUE, true), expected);
        String want = expected.toString(StandardCharsets.UTF_8);
        long n = want.lines().count();
        assertEquals(30, n, "10.0.0.3 is every fifth record of 150");
        assertEquals(want + "ok " + n + "\n", run("query feed index ip \"10.0.0.3\""));
    }

    @Test
    void toFileWritesUnderExportsAnswersWithThePathAndRefusesAnExistingName() throws Exception {
        String reply = run("query to_file \"three.ndjson\" index ip \"10.0.0.3\"");
        Path file = dir.resolve("exports").resolve("three.ndjson");
        assertEquals("wrote " + file + " 30 records\nok 30\n", reply);
        assertEquals(30, Files.readAllLines(file).size());
        assertTrue(run("query to_file \"three.ndjson\" index ip \"10.0.0.3\"").startsWith("error: to_file: "));
        assertEquals("error: at column 16: expected a plain file name (no '/', no '..', no leading '.'), got "
                + "\"../x\"\n", run("query to_file \"../x\" index ip \"10.0.0.3\""));
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void badCommandsAreAnsweredWithAnErrorAndTheSessionGoesOn() throws Exception {
        assertEquals("error: at column 12: expected 'index', got 'idx'\n", run("query feed idx ip \"1.2.3.4\""));
        assertEquals("error: subscribe: this console has no live records; expected the console of a running "
                + "recorder (nsr console --connect HOST:PORT, console: in its settings)\n",
                run("query feed index ip \"1.2.3.4\" subscribe"));
        assertEquals("error: unsubscribe: no subscription 3 on this console\n", run("unsubscribe 3"));
        assertEquals("error: help: no command 'nope'; expected one of query, unsubscribe, show, help, quit\n", run("help nope"));
        assertEquals("", run("   "));
        assertTrue(run("help").endsWith("\nok 10\n"));
        assertTrue(run("show sources").startsWith("flows files=3 first="));
        assertEquals(CommandSession.Outcome.QUIT, session.execute("quit", new ByteArrayOutputStream()));
    }

    @Test
    void anInterruptedQueryIsAnsweredAsCancelledAndTheNextOneRuns() throws Exception {
        Thread.currentThread().interrupt();
        assertEquals("error: cancelled after 0 lines\n", run("query feed index ip \"10.0.0.3\""));
        assertFalse(Thread.currentThread().isInterrupted(), "the cancel is consumed");
        assertTrue(run("query feed index ip \"10.0.0.3\"").endsWith("ok 30\n"));
    }
}
