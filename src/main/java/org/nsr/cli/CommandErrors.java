package org.nsr.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.nsr.config.ConfigException;

/** Runs a command body and turns user errors into one stderr line and exit code 2, without a stack trace. */
final class CommandErrors {
    static final int OK = 0;
    static final int PROBLEMS = 1;
    static final int BAD_INPUT = 2;

    private CommandErrors() {
    }

    static int run(String command, PrintStream err, Callable<Integer> body) throws Exception {
        try {
            return body.call();
        } catch (ConfigException e) {
            err.println("nsr " + command + ": " + e.getMessage());
            return BAD_INPUT;
        }
    }
}
