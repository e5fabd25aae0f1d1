package org.nsr.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.nsr.config.ConfigException;
import org.nsr.redis.RedisUnavailableException;

/**
 * Runs a command body and turns user errors into one stderr line and exit code 2, and an unreachable
 * Redis (at the connection test or after its retries ran out) into one line and exit 1, without a stack trace.
 */
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
        } catch (Exception e) {
            RedisUnavailableException unreachable = redisCause(e);
            if (unreachable == null) {
                throw e;
            }
            err.println("nsr " + command + ": " + unreachable.getMessage());
            return PROBLEMS;
        }
    }

    private static RedisUnavailableException redisCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RedisUnavailableException r) {
                return r;
            }
        }
        return null;
    }
}
