package org.nsr.console;

import java.util.concurrent.atomic.AtomicInteger;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;

/** The remote console's counters and gauges ({@code nsr_console_*}); thread-safe. */
final class ConsoleStats {
    private final AtomicInteger open = new AtomicInteger();
    private final Counter accepted;
    private final Counter refusedBusy;
    private final Counter authFailed;
    private final Counter writeTimeout;
    private final Counter commandsOk;
    private final Counter commandsError;
    private final Counter queriesRejected;

    ConsoleStats(Metrics metrics) {
        String conns = "nsr_console_connections_total";
        String connsHelp = "Remote console connections, by what became of them";
        accepted = metrics.counter(conns, connsHelp, "result", "accepted");
        refusedBusy = metrics.counter(conns, connsHelp, "result", "refused_busy");
        authFailed = metrics.counter(conns, connsHelp, "result", "auth_failed");
        writeTimeout = metrics.counter(conns, connsHelp, "result", "write_timeout");
        String cmds = "nsr_console_commands_total";
        String cmdsHelp = "Remote console commands, by their final line";
        commandsOk = metrics.counter(cmds, cmdsHelp, "result", "ok");
        commandsError = metrics.counter(cmds, cmdsHelp, "result", "error");
        queriesRejected = metrics.counter("nsr_console_queries_rejected_total", "Commands refused because the "
                + "query pool was full");
        metrics.gauge("nsr_console_connections_open", "Remote console connections open", open::get);
    }

    /** True when there was room for one more connection. */
    boolean tryConnect(int max) {
        while (true) {
            int n = open.get();
            if (n >= max) {
                refusedBusy.increment();
                return false;
            }
            if (open.compareAndSet(n, n + 1)) {
                accepted.increment();
                return true;
            }
        }
    }

    void disconnected() {
        open.decrementAndGet();
    }

    void authFailed() {
        authFailed.increment();
    }

    void writeTimedOut() {
        writeTimeout.increment();
    }

    void rejectedQuery() {
        queriesRejected.increment();
    }

    void command(CommandSession.Outcome o) {
        (o == CommandSession.Outcome.ERROR ? commandsError : commandsOk).increment();
    }

    int open() {
        return open.get();
    }
}
