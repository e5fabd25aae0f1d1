package org.nsr.cli;

import java.net.URI;
import java.util.concurrent.Callable;
import org.nsr.config.ConfigException;
import org.nsr.tools.push.PushLoad;
import org.nsr.tools.push.PushSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nsr push URL}: load and smoke test of a {@code type: ingest} source. */
@Command(name = "push", mixinStandardHelpOptions = true,
        description = {"Posts random flow records to an ingest source and checks the sums it reads back.",
                "Keeps the exact sums sent (POST URL/flows), then reads every hour back (GET URL/flows?hour=N) and",
                "reports mismatches, records/s and POST latency p50/p99. Shows a progress bar on a terminal.",
                "Exit 0 when everything matches, 1 otherwise, 2 for bad input."})
public final class PushCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URL", description = "The ingest API, e.g. http://127.0.0.1:8080")
    String url;

    @Option(names = "--clients", defaultValue = "8", description = "Concurrent clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--in-flight", defaultValue = "1", description = {"POSTs each client keeps in flight, each on its own",
            "connection (default ${DEFAULT-VALUE}: a client waits for each answer before the next POST)."})
    int inFlight;

    @Option(names = "--batch-size", defaultValue = "500", description = "Records per POST (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--records", defaultValue = "1000000", description = "Records in all (default ${DEFAULT-VALUE}).")
    long records;

    @Option(names = "--flows", defaultValue = "10000", description = "Distinct flows (default ${DEFAULT-VALUE}).")
    int flows;

    @Option(names = "--hours", defaultValue = "24", description = {"Hours (default ${DEFAULT-VALUE}): up to 24, hours of day 0..H-1 sent as hour;",
            "25..744, the H hours ending with the current one, sent as time and read back with from/to."})
    int hours;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rate", defaultValue = "0", description = "Records/s over all clients; 0 = as fast as possible.")
    long rate;

    @Option(names = "--token", description = "Bearer token of the ingest source.")
    String token;

    @Override
    public Integer call() throws Exception {
        return CommandErrors.run("push", System.err, () -> {
            URI base = checkUrl();
            check("--clients", clients, 1, 1024);
            check("--in-flight", inFlight, 1, 64);
            if ((long) clients * inFlight > 1024) {
                throw new ConfigException("--in-flight: " + clients + " clients x " + inFlight + " in flight are "
                        + (long) clients * inFlight + " connections; expected at most 1024");
            }
            check("--batch-size", batchSize, 1, 1_000_000);
            check("--records", records, 1, Long.MAX_VALUE);
            check("--flows", flows, 1, 10_000_000);
            check("--hours", hours, 1, 744);
            check("--rate", rate, 0, Long.MAX_VALUE);
            if ((long) hours * flows > 50_000_000L) { // the expected sums are arrays of hours x flows per client
                throw new ConfigException("--flows: " + flows + " flows over " + hours + " hours are "
                        + (long) hours * flows + " sums; expected at most 50,000,000 (hours x flows)");
            }
            PushSettings s = new PushSettings(base, clients, inFlight, batchSize, records, flows, hours, seed, rate, token);
            return new PushLoad(s, System.out, System.err, System.console() != null).run();
        });
    }

    private URI checkUrl() throws ConfigException {
        try {
            URI u = URI.create(url.replaceAll("/+$", ""));
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
                return u;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new ConfigException("URL: '" + url + "' is not an http(s) URL; expected e.g. http://127.0.0.1:8080");
    }

    private static void check(String option, long value, long min, long max) throws ConfigException {
        if (value < min || value > max) {
            throw new ConfigException(option + ": " + value + " is out of range; expected " + min + " to " + max);
        }
    }
}
