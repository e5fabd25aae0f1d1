package org.nsr.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * The console on a terminal (JLine: line editing, history in a file, tab completion, Ctrl-C
 * cancels the running line and keeps the console) or on piped input (one line after another, for
 * scripts). Both send lines to a {@link LineExecutor} and end at {@code quit} or end of input.
 */
public final class LocalConsole {
    private static final String PROMPT = "nsr> ";

    private LocalConsole() {
    }

    /** Runs a line-edited console on {@code terminal}; returns when the user leaves. */
    public static void interactive(Terminal terminal, LineExecutor executor, Path historyFile) throws IOException {
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("nsr")
                .completer(new ConsoleCompleter(executor::sourceNames))
                .variable(LineReader.HISTORY_FILE, historyFile)
                .variable(LineReader.HISTORY_FILE_SIZE, 10_000)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> executor.cancel());
        OutputStream out = terminal.output();
        try {
            while (true) {
                String line;
                try {
                    line = reader.readLine(PROMPT);
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C at the prompt: a fresh prompt, not an exit
                } catch (EndOfFileException e) {
                    break;
                }
                if (run(executor, line, out)) {
                    break;
                }
            }
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
            reader.getHistory().save();
        }
    }

    /** Runs the lines of {@code in} one after another (no prompt, no history). */
    public static void piped(InputStream in, OutputStream out, LineExecutor executor) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (run(executor, line, out)) {
                return;
            }
        }
    }

    /** True when the line was {@code quit}. */
    private static boolean run(LineExecutor executor, String line, OutputStream out) throws IOException {
        try {
            return executor.execute(line, out) == CommandSession.Outcome.QUIT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
