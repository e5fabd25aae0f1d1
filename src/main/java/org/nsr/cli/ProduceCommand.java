package org.nsr.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.nsr.core.SignalStop;
import org.nsr.core.StopSignal;
import org.nsr.core.Ticker;
import org.nsr.produce.ProduceSettings;
import org.nsr.produce.ProduceSummary;
import org.nsr.produce.Producer;
import org.nsr.redis.RedisEndpoint;
import org.nsr.redis.RedisUnavailableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nsr produce}: the DDoS pipeline's stream producer, a drop-in for {@code stream_producer.py}
 * (same options and defaults) with stream, trimming, batching and login options. Exit codes: 0
 * ok, 1 Redis unreachable or the run failed, 2 bad input (a missing CSV, a bad option).
 */
@Command(name = "produce",
        mixinStandardHelpOptions = true,
        description = {"Sends the rows of a CSV file to a Redis stream, one entry per row with the fields data "
                + "(the row as JSON), timestamp, source_ip, dest_ip, protocol and is_attack.",
                "Tests the connection first. With --delay 0 it sends pipelined batches of --batch entries."})
public final class ProduceCommand implements Callable<Integer> {
    static final long DEFAULT_MAXLEN = 0;

    @Option(names = "--records", paramLabel = "INT", defaultValue = "100",
            description = "maximum number of records to send, 0 for all (default: ${DEFAULT-VALUE})")
    long records;

    @Option(names = "--delay", paramLabel = "FLOAT", defaultValue = "0.1",
            description = "delay between records in seconds; 0 sends batches as fast as Redis takes them "
                    + "(default: ${DEFAULT-VALUE})")
    double delay;

    @Option(names = "--csv-path", paramLabel = "STR", defaultValue = "../dataset/network_traffic.csv",
            description = "path to the CSV file (default: ${DEFAULT-VALUE})")
    Path csvPath;

    @Option(names = "--redis-host", paramLabel = "STR", defaultValue = "localhost",
            description = "Redis host (default: ${DEFAULT-VALUE})")
    String redisHost;

    @Option(names = "--redis-port", paramLabel = "INT", defaultValue = "6379",
            description = "Redis port (default: ${DEFAULT-VALUE})")
    int redisPort;

    @Option(names = "--stream", paramLabel = "NAME", defaultValue = "network_traffic",
            description = "stream key (default: ${DEFAULT-VALUE})")
    String stream;

    @Option(names = "--maxlen", paramLabel = "N", defaultValue = "0",
            description = "trim the stream to about N entries (XADD MAXLEN ~ N); 0 never trims "
                    + "(default: ${DEFAULT-VALUE}, like the original)")
    long maxLen;

    // 2000, not 500: Redis idles for each round trip's turnaround, so fewer round trips keep it busier
    @Option(names = "--batch", paramLabel = "N", defaultValue = "2000",
            description = "XADDs per round trip when --delay is 0, 1..100000; the next batch is read while one "
                    + "is sent (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--password", paramLabel = "STR",
            description = "Redis password (AUTH); also read from REDISCLI_AUTH when not given")
    String password;

    @Option(names = "--tls", description = "connect with TLS")
    boolean tls;

    @Option(names = "--retry-for", paramLabel = "SECONDS", defaultValue = "60",
            description = "how long a Redis outage mid-run is retried with backoff before giving up "
                    + "(default: ${DEFAULT-VALUE})")
    long retryForSeconds;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        String problem = checkOptions();
        if (problem != null) {
            err.println("nsr produce: " + problem);
            return Main.EXIT_BAD_INPUT;
        }
        String pw = password != null ? password : System.getenv("REDISCLI_AUTH");
        RedisEndpoint redis = new RedisEndpoint(redisHost, redisPort, pw, tls, Duration.ofSeconds(5));
        ProduceSettings settings = new ProduceSettings(csvPath, redis, stream, records,
                Duration.ofNanos(Math.round(delay * 1e9)), maxLen, batch, Duration.ofSeconds(retryForSeconds));
        out.println("Starting Stream Producer for DDoS Detection");
        out.println("CSV Path: " + csvPath);
        out.println("Max Records: " + (records == 0 ? "all" : records));
        out.println("Delay: " + delay + "s");
        out.println("Redis: " + redis.address() + " stream " + stream);
        try {
            redis.ping();
        } catch (RedisUnavailableException e) {
            err.println("nsr produce: " + e.getMessage() + " (check --redis-host/--redis-port, --password, --tls)");
            return Main.EXIT_FAILURE;
        }
        out.println("Redis connection successful");
        if (!Files.isRegularFile(csvPath)) {
            err.println("nsr produce: --csv-path: " + csvPath.toAbsolutePath() + " "
                    + (Files.exists(csvPath) ? "is not a regular file" : "does not exist")
                    + "; expected the traffic CSV (the original's default is ../dataset/network_traffic.csv)");
            return Main.EXIT_BAD_INPUT;
        }
        StopSignal stop = new StopSignal();
        SignalStop.install(stop, new AtomicReference<>());
        try {
            ProduceSummary s = new Producer(settings, Ticker.SYSTEM, out, System.console() != null).run(stop);
            printSummary(out, s);
            return 0;
        } catch (RedisUnavailableException e) {
            err.println("nsr produce: " + e.getMessage());
            return Main.EXIT_FAILURE;
        } catch (IOException e) {
            err.println("nsr produce: cannot read " + csvPath + ": " + e.getMessage());
            return Main.EXIT_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("nsr produce: interrupted");
            return Main.EXIT_FAILURE;
        }
    }

    private String checkOptions() {
        if (records < 0) {
            return "--records: " + records + " is negative; expected a count, or 0 for all";
        }
        if (!(delay >= 0) || Double.isInfinite(delay)) {
            return "--delay: " + delay + " is not a number of seconds >= 0";
        }
        if (redisPort < 1 || redisPort > 65535) {
            return "--redis-port: " + redisPort + " is not a port; expected 1-65535";
        }
        if (maxLen < 0) {
            return "--maxlen: " + maxLen + " is negative; expected N >= 1, or 0 for no trimming";
        }
        if (batch < 1 || batch > 100_000) {
            return "--batch: " + batch + " is not 1..100000";
        }
        if (stream.isBlank()) {
            return "--stream: empty; expected a stream key";
        }
        if (retryForSeconds < 0) {
            return "--retry-for: " + retryForSeconds + " is negative; expected seconds >= 0";
        }
        return null;
    }

    private static void printSummary(PrintStream out, ProduceSummary s) {
        String rule = "=".repeat(60);
        out.println(rule);
        out.println("PRODUCER SUMMARY");
        out.println(rule);
        out.println("Records sent: " + s.sent());
        out.println("Bad rows skipped: " + s.badRows() + (s.badRows() > 0 ? " (" + s.badRowsText() + ")" : ""));
        out.println("Timestamps replaced by send time (empty or unparseable): " + s.badTimestamps());
        out.println("Redis retries: " + s.retries() + ", entries resent (possible duplicates): " + s.resent());
        out.printf("Total time: %.2f seconds%n", s.elapsedNanos() / 1e9);
        out.printf("Rate: %.2f records/second (excluding %.2f s of deliberate delay)%n", s.rateExcludingDelay(),
                s.delayNanos() / 1e9);
        ProduceSummary.Cpu cpu = s.cpu();
        if (cpu.processNanos() >= 0 && s.sent() > 0) {
            out.printf("CPU: %.2f us/record in this process (reading and encoding %.2f, sending %.2f, the rest JIT and GC)%n",
                    cpu.processMicrosPerRecord(s.sent()), cpu.readerNanos() / 1e3 / s.sent(),
                    cpu.senderNanos() / 1e3 / s.sent());
        }
        out.println(rule);
    }
}
