package org.nsr.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.nsr.config.ConfigException;
import org.nsr.record.SortField;
import org.nsr.source.gen.FlowGeneration;
import org.nsr.source.gen.FlowWriter;
import org.nsr.source.gen.GenerationException;
import org.nsr.source.gen.GenerationStats;
import org.nsr.source.gen.GeneratorConfig;
import org.nsr.source.gen.GeneratorConfigParser;
import org.nsr.source.gen.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nsr generate}: the flowdump tool. Exit codes: 0 ok, 1 the run failed, 2 bad input. */
@Command(name = "generate",
        mixinStandardHelpOptions = true,
        description = {"Generates synthetic network flows with several threads and writes them as one stream, "
                + "sorted inside each time chunk.",
                "With --seed the output is byte-identical at every run with the same options."})
public final class GenerateCommand implements Callable<Integer> {
    static final int MAX_THREADS = 1024;
    static final long MAX_FLOWS = 1_000_000_000_000L;
    static final long DEFAULT_FLOWS_PER_THREAD = 10_000;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "flowgen YAML config (generation, traffic_patterns, network, packets); built-in default if omitted")
    Path config;

    @Option(names = {"-n", "--num-threads"}, paramLabel = "NUM", defaultValue = "10",
            description = "generator threads, one stream each (default: ${DEFAULT-VALUE}, 1.." + MAX_THREADS + ")")
    int threads;

    @Option(names = {"-f", "--flows-per-thread"}, paramLabel = "NUM",
            description = "flows per thread (default: generation.max_flows of the config, else 10000)")
    Long flowsPerThread;

    @Option(names = {"-t", "--total-flows"}, paramLabel = "NUM",
            description = "total flows over all threads (overrides --flows-per-thread)")
    Long totalFlows;

    @Option(names = {"-o", "--output-format"}, paramLabel = "FMT", defaultValue = "text",
            description = "text, csv or json (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = {"-s", "--sort-by"}, paramLabel = "FIELD", defaultValue = "timestamp",
            description = "timestamp, stream_id, src_ip, dst_ip, bytes or packets; bytes and packets sort "
                    + "descending, ties by timestamp (default: ${DEFAULT-VALUE})")
    String sortBy;

    @Option(names = {"-w", "--time-window"}, paramLabel = "MS", defaultValue = "10",
            description = "time chunk in milliseconds of flow time (default: ${DEFAULT-VALUE})")
    long windowMillis;

    @Option(names = "--no-header", description = "no header line in text and CSV output")
    boolean noHeader;

    @Option(names = "--pretty", description = "indent JSON output")
    boolean pretty;

    @Option(names = "--seed", paramLabel = "N", description = "random seed; same seed and options give the same output")
    Long seed;

    @Option(names = "--out", paramLabel = "FILE", description = "write to FILE instead of standard output")
    Path out;

    @Option(names = "--max-chunk-flows", paramLabel = "NUM", defaultValue = "5000000",
            description = "refuse a time window holding more flows than this, to bound memory (default: ${DEFAULT-VALUE})")
    long maxChunkFlows;

    @Override
    public Integer call() {
        FlowGeneration plan;
        OutputFormat outputFormat;
        try {
            outputFormat = outputFormat();
            plan = plan();
        } catch (ConfigException e) {
            System.err.println("nsr generate: " + e.getMessage());
            return 2;
        }
        long started = System.nanoTime();
        GenerationStats stats = new GenerationStats(plan.streams());
        try (OutputStream sink = openOutput()) {
            FlowWriter writer = new FlowWriter(sink, outputFormat.formatter(!noHeader, pretty), stats,
                    org.nsr.replay.Progress.stderrIsTerminal() ? System.err : null); // progress only for a person
            writer.begin();
            plan.run(writer);
            writer.finish();
        } catch (IOException e) {
            System.err.println("nsr generate: cannot write to " + (out == null ? "standard output" : out) + ": "
                    + e.getMessage());
            return 1;
        } catch (GenerationException e) {
            System.err.println("nsr generate: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("nsr generate: interrupted after " + stats.flows() + " flows");
            return 1;
        }
        System.err.print(stats.summary(System.nanoTime() - started, plan.seed()));
        return 0;
    }

    private OutputFormat outputFormat() throws ConfigException {
        OutputFormat f = OutputFormat.fromConfigName(format.toLowerCase(Locale.ROOT));
        if (f == null) {
            throw new ConfigException("-o/--output-format: '" + format + "' is not a format; expected one of: "
                    + OutputFormat.allConfigNames());
        }
        return f;
    }

    /** Validates the options and the config into an immutable plan; nothing runs yet. */
    FlowGeneration plan() throws ConfigException {
        SortField sort = SortField.fromConfigName(sortBy);
        if (sort == null) {
            throw new ConfigException("-s/--sort-by: '" + sortBy + "' is not a sort field; expected one of: "
                    + SortField.allConfigNames());
        }
        check("-n/--num-threads", threads, 1, MAX_THREADS);
        if (flowsPerThread != null) {
            check("-f/--flows-per-thread", flowsPerThread, 0, MAX_FLOWS);
        }
        if (totalFlows != null) {
            check("-t/--total-flows", totalFlows, 0, MAX_FLOWS);
        }
        check("-w/--time-window", windowMillis, 1, 3_600_000);
        check("--max-chunk-flows", maxChunkFlows, 1, Integer.MAX_VALUE - 8);
        GeneratorConfig cfg = config == null ? GeneratorConfig.defaults() : GeneratorConfigParser.load(config);

        long total;
        if (totalFlows != null) {
            total = totalFlows;
        } else if (flowsPerThread != null) {
            total = flowsPerThread * threads;
        } else if (cfg.maxFlows() >= 0) {
            total = cfg.maxFlows();
        } else {
            total = DEFAULT_FLOWS_PER_THREAD * threads;
        }
        if (total > MAX_FLOWS) {
            throw new ConfigException("-f/--flows-per-thread: " + flowsPerThread + " flows x " + threads
                    + " threads is more than " + MAX_FLOWS + " flows; expected fewer");
        }
        if (cfg.durationNanos() >= 0) {
            // flows whose synthetic time falls inside generation.duration_seconds
            total = Math.min(total, (long) Math.ceil(cfg.durationNanos() / cfg.intervalNanos()));
        }
        long runSeed = seed != null ? seed : new SplittableRandom().nextLong();
        FlowGeneration plan = new FlowGeneration(cfg, threads, total, runSeed, windowMillis * 1_000_000L, sort,
                FlowGeneration.DEFAULT_BATCH_SIZE, FlowGeneration.DEFAULT_QUEUE_BATCHES);
        if (plan.flowsPerChunk() > maxChunkFlows) {
            throw new ConfigException(String.format(Locale.ROOT,
                    "-w/--time-window: %d ms holds about %,.0f flows at %,.0f flows/s of flow time; expected a "
                            + "window of at most %,d flows (--max-chunk-flows), so at most %d ms",
                    windowMillis, plan.flowsPerChunk(), cfg.flowsPerSecond(), maxChunkFlows,
                    Math.max(1, (long) (maxChunkFlows * cfg.intervalNanos() / 1_000_000))));
        }
        return plan;
    }

    private static void check(String option, long value, long min, long max) throws ConfigException {
        if (value < min || value > max) {
            throw new ConfigException(option + ": '" + value + "' is out of range; expected a whole number from "
                    + min + " to " + max);
        }
    }

    private OutputStream openOutput() throws IOException {
        if (out != null) {
            return Files.newOutputStream(out);
        }
        return new StandardOutput(System.out);
    }

    /**
     * Standard output as a stream that reports failures: PrintStream swallows IOExceptions, which
     * would let a run go on writing into a closed pipe. Not closed at the end, only flushed.
     */
    private static final class StandardOutput extends OutputStream {
        private final PrintStream target;

        StandardOutput(PrintStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            target.write(b);
            check();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target.write(b, off, len);
            check();
        }

        @Override
        public void flush() throws IOException {
            target.flush();
            check();
        }

        @Override
        public void close() throws IOException {
            flush();
        }

        private void check() throws IOException {
            if (target.checkError()) {
                throw new IOException("write failed (closed pipe?)");
            }
        }
    }
}
