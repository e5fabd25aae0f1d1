package org.nsr.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.testing.RecordingWriter;

class LocalConsoleTest {
    @TempDir
    Path dir;
    private final CountDownLatch slowStarted = new CountDownLatch(1);
    private RecordingBackend backend;

    @BeforeEach
    void recording() throws Exception {
        long t0 = 1_755_857_592_000_000_000L;
        RecordingWriter.writeZip(dir, LocalDateTime.of(2025, 8, 22, 10, 0), "flows", List.of(
                RecordingWriter.generatorLine(1, t0, "10.0.0.1", "10.0.0.2", 1000, 443, 6, 1, 100),
                RecordingWriter.generatorLine(2, t0 + 1, "10.0.0.3", "10.0.0.4", 1000, 443, 6, 1, 100)));
        backend = new RecordingBackend(dir) {
            @Override
            public void lookup(Command.Query q, OutputStream out) throws java.io.IOException {
                if (q.keyText().equals("9.9.9.9")) {
                    slowStarted.countDown();
                    try {
                        new CountDownLatch(1).await(); // reads forever, until Ctrl-C
                    } catch (InterruptedException e) {
                        throw new java.io.InterruptedIOException("cancelled");
                    }
                }
                super.lookup(q, out);
            }
        };
    }

    private LocalExecutor executor() {
        return new LocalExecutor(new CommandSession(new CommandParser(Clock.systemUTC(), ZoneOffset.UTC), backend),
                backend);
    }

    /**
     * A terminal that writes straight to {@code screen}. The builder may pick a pty here, whose
     * output reaches the stream through a pump thread that can still hold the last reply when
     * the test reads the screen.
     */
    private static Terminal screenTerminal(String type, java.io.InputStream keys, ByteArrayOutputStream screen)
            throws java.io.IOException {
        return new ExternalTerminal("test", type, keys, screen, StandardCharsets.UTF_8);
    }

    @Test
    void pipedInputRunsEachLineAndStopsAtQuit() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LocalExecutor ex = executor()) {
            LocalConsole.piped(new ByteArrayInputStream(("query feed index ip \"10.0.0.1\"\nshow bogus\n\nquit\n"
                    + "show stats\n").getBytes(StandardCharsets.UTF_8)), out, ex);
        }
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("{\"stream_id\":1,"));
        assertEquals("ok 1", lines.get(1));
        assertTrue(lines.get(2).startsWith("error: at column 6: expected 'stats'"));
        assertEquals("ok 0", lines.get(3), "nothing after quit runs");
    }

    @Test
    void onATerminalLinesGoToHistoryAndCtrlCCancelsTheRunningQueryButNotTheConsole() throws Exception {
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream terminalIn = new PipedInputStream(keys, 1 << 16);
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Path history = dir.resolve("history");
        try (Terminal terminal = screenTerminal("dumb", terminalIn, screen); LocalExecutor ex = executor()) {
            Thread console = new Thread(() -> {
                try {
                    LocalConsole.interactive(terminal, ex, history);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "test console");
            console.start();
            keys.write("query feed index ip \"9.9.9.9\"\n".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            assertTrue(slowStarted.await(10, TimeUnit.SECONDS), "the slow query runs");
            terminal.raise(Terminal.Signal.INT); // what the terminal does on Ctrl-C
            // the terminal echoes typed keys as they arrive: type the next line once the cancel is answered,
            // or the echo interleaves with the answer on the screen
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!screen.toString(StandardCharsets.UTF_8).contains("error: cancelled after 0 lines")
                    && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            keys.write("query feed index ip \"10.0.0.3\"\nquit\n".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            console.join(10_000);
            assertTrue(!console.isAlive(), "quit ends the console");
        }
        String shown = screen.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("error: cancelled after 0 lines"), shown);
        assertTrue(shown.contains("\"stream_id\":2"), "the next query ran: " + shown);
        List<String> saved = Files.readAllLines(history);
        assertTrue(saved.stream().anyMatch(l -> l.contains("query feed index ip \"10.0.0.3\"")), saved.toString());
    }

    @Test
    void tabCompletesCommandsTopicsIndexNamesAndSourceNames() {
        ConsoleCompleter c = new ConsoleCompleter(backend::sourceNames);
        assertTrue(c.candidates(List.of()).containsAll(List.of("query", "show", "help", "unsubscribe", "quit")));
        assertTrue(c.candidates(List.of("show")).containsAll(List.of("stats", "sources", "index", "classes",
                "subscriptions")));
        assertTrue(c.candidates(List.of("query", "feed", "index")).containsAll(List.of("connection4", "ip")));
        assertTrue(c.candidates(List.of("query", "feed")).contains("index"));
        assertTrue(c.candidates(List.of("query")).contains("flows"), "source names from the recording");
    }

    @Test
    void tabOnTheTerminalCompletesACommandAndATopicAndTheCompletedLineRuns() throws Exception {
        PipedOutputStream keys = new PipedOutputStream();
        PipedInputStream terminalIn = new PipedInputStream(keys, 1 << 16);
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (Terminal terminal = screenTerminal("xterm", terminalIn, screen); LocalExecutor ex = executor()) {
            Thread console = new Thread(() -> {
                try {
                    LocalConsole.interactive(terminal, ex, dir.resolve("history"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "test console");
            console.start();
            keys.write("sho\tsour\t\nquit\n".getBytes(StandardCharsets.UTF_8)); // Tab twice: "show sources "
            keys.flush();
            console.join(10_000);
            assertTrue(!console.isAlive(), "quit ends the console");
        }
        String shown = screen.toString(StandardCharsets.UTF_8);
        assertTrue(shown.contains("flows files=1 first="), "show sources ran from the completed line: " + shown);
        assertTrue(Files.readAllLines(dir.resolve("history")).stream().anyMatch(l -> l.contains("show sources")));
    }
}
