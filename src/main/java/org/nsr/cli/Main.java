package org.nsr.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code nsr} command: one subcommand per job. Exit codes: 0 ok, 1 failure, 2 bad input. */
@Command(name = "nsr",
        mixinStandardHelpOptions = true,
        version = "nsr 0.1.0",
        description = "NSR, the network state recorder: records NDTwin and other JSON sources to "
                + "rotated, compressed NDJSON, and reads recordings back.",
        subcommands = {CommandLine.HelpCommand.class, ReplayCommand.class, ExportCommand.class, QueryCommand.class,
                VerifyCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code; tests call this instead of main. */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
