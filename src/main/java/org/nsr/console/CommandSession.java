package org.nsr.console;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs console lines against a backend, for one console (the terminal, or one remote connection).
 * Every command's reply ends with one final line, {@code ok N} (N records or lines) or
 * {@code error: MESSAGE}; a bad command, a failed query or a cancelled one never ends the
 * session. Only a failure of the output itself is thrown. Not thread-safe: one per console.
 */
public final class CommandSession {
    private static final Logger log = LoggerFactory.getLogger(CommandSession.class);

    /** What a line did. */
    public enum Outcome { OK, ERROR, QUIT }

    /**
     * The live subscriptions of one console, where there are any (a running recorder's remote
     * console). Called on the console's command thread.
     */
    interface Subscriptions {
        /**
         * Writes the stored part to {@code out} and leaves the subscription streaming; its final
         * line comes when it ends (the reply of {@code unsubscribe}, or an {@code error:} line).
         *
         * @return the subscription's id
         */
        long subscribe(Command.Query q, OutputStream out) throws IOException, CommandException;

        /** Ends a subscription of this console. @return the records it delivered */
        long unsubscribe(long id) throws CommandException;

        /** One line per open subscription, for {@code show subscriptions}. */
        List<String> describe();
    }

    /** What {@link #run} answers when the final line comes later (a subscription). */
    private static final long FINAL_LINE_LATER = -1;

    private final CommandParser parser;
    private final ConsoleBackend backend;
    private final Subscriptions subscriptions; // null: none on this console

    public CommandSession(CommandParser parser, ConsoleBackend backend) {
        this(parser, backend, null);
    }

    CommandSession(CommandParser parser, ConsoleBackend backend, Subscriptions subscriptions) {
        this.parser = parser;
        this.backend = backend;
        this.subscriptions = subscriptions;
    }

    /**
     * Runs one line and writes its reply to {@code out}, flushed. A blank line or a {@code #}
     * comment gets no reply. Interrupting the calling thread cancels a running query.
     */
    public Outcome execute(String line, OutputStream out) throws IOException {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return Outcome.OK;
        }
        LineCountingStream counted = new LineCountingStream(out);
        try {
            Command cmd = parser.parse(line);
            long n = run(cmd, counted);
            if (n == FINAL_LINE_LATER) {
                out.flush();
                return Outcome.OK;
            }
            finalLine(out, "ok " + n);
            return cmd instanceof Command.Quit ? Outcome.QUIT : Outcome.OK;
        } catch (ParseException e) {
            finalLine(out, "error: " + e.getMessage());
        } catch (InterruptedIOException e) {
            if (counted.outputFailed()) {
                throw e;
            }
            Thread.interrupted(); // the cancel is answered; the console goes on
            finalLine(out, "error: cancelled after " + counted.lines() + " lines");
        } catch (CommandException e) {
            finalLine(out, "error: " + e.getMessage());
        } catch (IOException e) {
            if (counted.outputFailed()) {
                throw e;
            }
            log.warn("console: '{}' failed", trimmed, e);
            finalLine(out, "error: " + e);
        } catch (RuntimeException e) {
            log.error("console: '{}' failed", trimmed, e);
            finalLine(out, "error: internal failure: " + e);
        }
        return Outcome.ERROR;
    }

    private long run(Command cmd, LineCountingStream out) throws IOException, CommandException {
        if (cmd instanceof Command.Query q) {
            if (q.subscribe()) {
                if (subscriptions == null) {
                    throw new CommandException("subscribe: this console has no live records; expected the console "
                            + "of a running recorder (nsr console --connect HOST:PORT, console: in its settings)");
                }
                subscriptions.subscribe(q, out);
                return FINAL_LINE_LATER;
            }
            if (q.toFile()) {
                return toFile(q, out);
            }
            BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
            backend.lookup(q, buffered);
            buffered.flush();
            return out.lines();
        }
        if (cmd instanceof Command.Show s) {
            if (s.topic() == Command.Topic.SUBSCRIPTIONS && subscriptions != null) {
                return lines(out, subscriptions.describe());
            }
            return lines(out, backend.show(s.topic()));
        }
        if (cmd instanceof Command.Help h) {
            return help(h, out);
        }
        if (cmd instanceof Command.Unsubscribe u) {
            if (subscriptions == null) {
                throw new CommandException("unsubscribe: no subscription " + u.id() + " on this console");
            }
            return subscriptions.unsubscribe(u.id());
        }
        if (cmd instanceof Command.Auth) {
            throw new CommandException("auth: this console needs no token");
        }
        return 0; // quit
    }

    private long toFile(Command.Query q, LineCountingStream reply) throws IOException, CommandException {
        Path dir = backend.exportsDir();
        Files.createDirectories(dir);
        Path target = dir.resolve(q.fileName());
        if (Files.exists(target)) {
            throw new CommandException("to_file: " + target + " exists; expected a new name");
        }
        Path part = dir.resolve("." + q.fileName() + ".part");
        long n;
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(part), 1 << 16)) {
            LineCountingStream counted = new LineCountingStream(file);
            backend.lookup(q, counted);
            counted.flush();
            n = counted.lines();
        } catch (IOException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(part);
            throw new CommandException("to_file: " + target + " exists; expected a new name");
        }
        reply.write(("wrote " + target + " " + n + " records\n").getBytes(StandardCharsets.UTF_8));
        return n;
    }

    private static long help(Command.Help h, LineCountingStream out) throws IOException, CommandException {
        if (h.topic() == null) {
            return lines(out, HelpText.all());
        }
        List<String> text = HelpText.of(h.topic());
        if (text == null) {
            throw new CommandException("help: no command '" + h.topic() + "'; expected one of " + HelpText.names());
        }
        return lines(out, text);
    }

    private static long lines(LineCountingStream out, List<String> lines) throws IOException {
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l).append('\n'));
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        return lines.size();
    }

    private static void finalLine(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** A command that cannot run as asked; the message is the reply. */
    static final class CommandException extends Exception {
        CommandException(String message) {
            super(message);
        }
    }
}
