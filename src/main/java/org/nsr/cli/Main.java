package org.nsr.cli;

import org.nsr.config.ConfigException;
import org.nsr.server.ListenException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code nsr} command: one subcommand per job. Exit codes: 0 ok, 1 failure, 2 bad input. */
@Command(name = "nsr",
        mixinStandardHelpOptions = true,
        version = "nsr 0.1.0",
        description = "NSR, the network state recorder: records NDTwin and other JSON sources to "
                + "rotated, compressed NDJSON, and reads recordings back.",
        subcommands = {
            RecordCommand.class,
            SimulateCommand.class,
            GenerateCommand.class,
            ProduceCommand.class,
            ReplayCommand.class,
            ExportCommand.class,
            QueryCommand.class,
            ColumnsCommand.class,
            VerifyCommand.class,
            IndexCommand.class,
            LookupCommand.class,
            ConsoleCommand.class,
            CheckCommand.class,
            InfoCommand.class,
            PushCommand.class,
            DetectEvalCommand.class,
            DashboardCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_BAD_INPUT = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code; tests call this instead of main. */
    public static int run(String... args) {
        Object one = args.length == 0 ? null : subcommand(args[0]);
        if (one == null) {
            return commandLine().execute(args);
        }
        // Only the command asked for is built: picocli otherwise builds every subcommand (reflection,
        // their classes, their fields), which was most of a short query's start.
        CommandLine cl = configure(new CommandLine(new OneCommand()));
        cl.addSubcommand(args[0], configure(new CommandLine(one)));
        return cl.execute(args);
    }

    /** The root with only the named subcommand under it: what {@link #run} uses for a known subcommand. */
    @Command(name = "nsr", mixinStandardHelpOptions = true, version = "nsr 0.1.0")
    static final class OneCommand implements Runnable {
        @Override
        public void run() {
            new CommandLine(new Main()).usage(System.out);
        }
    }

    /** A new instance of the subcommand {@code name} (as the annotation above lists them), or null. */
    static Object subcommand(String name) {
        return switch (name) {
            case "record" -> new RecordCommand();
            case "simulate" -> new SimulateCommand();
            case "generate" -> new GenerateCommand();
            case "produce" -> new ProduceCommand();
            case "replay" -> new ReplayCommand();
            case "export" -> new ExportCommand();
            case "query" -> new QueryCommand();
            case "columns" -> new ColumnsCommand();
            case "verify" -> new VerifyCommand();
            case "index" -> new IndexCommand();
            case "lookup" -> new LookupCommand();
            case "console" -> new ConsoleCommand();
            case "check" -> new CheckCommand();
            case "info" -> new InfoCommand();
            case "push" -> new PushCommand();
            case "detect-eval" -> new DetectEvalCommand();
            case "dashboard" -> new DashboardCommand();
            default -> null;
        };
    }

    /** The configured command line: user errors print one message and exit 2, never a stack trace. */
    public static CommandLine commandLine() {
        return configure(new CommandLine(new Main()));
    }

    private static CommandLine configure(CommandLine cl) {
        cl.setParameterExceptionHandler((ex, args) -> {
            // One message and a pointer to --help, not the whole usage text.
            CommandLine failed = ex.getCommandLine();
            failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, failed.getErr());
            failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for the options.");
            return EXIT_BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException) {
                commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + e.getMessage());
                return EXIT_BAD_INPUT;
            }
            if (e instanceof ListenException listen) {
                // The same exit for every listener: 1 for a taken port (passing, so a service
                // manager retries), 2 for an address that is not this machine's.
                commandLine.getErr().println("nsr " + commandLine.getCommandName() + ": " + e.getMessage());
                return listen.addressIsLocal() ? EXIT_FAILURE : EXIT_BAD_INPUT;
            }
            commandLine.getErr().println("nsr " + commandLine.getCommandName() + ": failed: " + e);
            org.slf4j.LoggerFactory.getLogger(Main.class).error("command failed", e);
            return EXIT_FAILURE;
        });
        return cl;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
