package org.nsr.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.nsr.config.ConfigException;
import org.nsr.console.CommandParser;
import org.nsr.console.CommandSession;
import org.nsr.console.LineExecutor;
import org.nsr.console.LocalConsole;
import org.nsr.console.LocalExecutor;
import org.nsr.console.RecordingBackend;
import org.nsr.console.RemoteExecutor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nsr console DIR} and {@code nsr console --connect HOST:PORT}. */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = {"Opens a query console over a recording (DIR), or on a running recorder's remote console "
                + "(--connect). Type 'help' for the commands. Line-edited on a terminal (history in ~/.nsr_history, "
                + "Tab completes, Ctrl-C cancels a running query); reads commands one a line when stdin is piped."})
public final class ConsoleCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Recording directory.")
    Path dir;

    @Option(names = "--connect", paramLabel = "HOST:PORT", description = "A recorder's console.listen address.")
    String connect;

    @Option(names = "--token", paramLabel = "TOKEN", description = "The recorder's console.token (sent as "
            + "'auth TOKEN'); default: the NSR_CONSOLE_TOKEN environment variable.")
    String token;

    @Override
    public Integer call() throws Exception {
        return CommandErrors.run("console", System.err, () -> {
            LineExecutor executor = executor();
            try (executor) {
                if (System.console() == null) {
                    LocalConsole.piped(System.in, System.out, executor);
                } else {
                    try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
                        LocalConsole.interactive(terminal, executor,
                                Path.of(System.getProperty("user.home"), ".nsr_history"));
                    }
                }
            }
            System.out.flush();
            return CommandErrors.OK;
        });
    }

    private LineExecutor executor() throws ConfigException, IOException {
        if ((dir == null) == (connect == null)) {
            throw new ConfigException("console: give either DIR or --connect HOST:PORT; expected one of them");
        }
        if (connect != null) {
            String t = token != null ? token : System.getenv("NSR_CONSOLE_TOKEN");
            return RemoteExecutor.connect("--connect", connect, t);
        }
        if (!Files.isDirectory(dir)) {
            throw new ConfigException("DIR: " + dir + " is not a directory; expected a recording directory");
        }
        RecordingBackend backend = new RecordingBackend(dir);
        return new LocalExecutor(new CommandSession(new CommandParser(Clock.systemUTC(), ZoneId.systemDefault()),
                backend), backend);
    }
}
