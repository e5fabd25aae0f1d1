package org.nsr.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.nsr.config.ConfigException;
import org.nsr.config.Durations;
import org.nsr.core.StopSignal;
import org.nsr.core.Ticker;
import org.nsr.export.ExportFormat;
import org.nsr.export.FlowEncoder;
import org.nsr.export.UdpMessageOutput;
import org.nsr.filter.Filter;
import org.nsr.record.SortField;
import org.nsr.source.gen.AggregationStage;
import org.nsr.source.gen.ChunkSink;
import org.nsr.source.gen.ExportSink;
import org.nsr.source.gen.FilterStage;
import org.nsr.source.gen.FlowOrder;
import org.nsr.source.gen.RealtimeStage;
import org.nsr.source.gen.SamplingStage;
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
    static final long REALTIME_LEAD_NANOS = 200_000_000L;

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
            description = "text, csv, json, or the flow formats ipfix, netflow9 and pcap (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--udp", paramLabel = "HOST:PORT",
            description = "with -o ipfix or netflow9: send to this collector instead of writing, paced by --udp-rate")
    String udp;

    @Option(names = "--udp-rate", paramLabel = "N", defaultValue = "" + ExportOptions.DEFAULT_UDP_RATE,
            description = "datagrams per second for --udp, of up to 1400 bytes (default: ${DEFAULT-VALUE})")
    int udpRate;

    @Option(names = "--pcap-max-packets", paramLabel = "N", defaultValue = "10",
            description = "with -o pcap: at most N synthetic packets per flow (default: ${DEFAULT-VALUE})")
    int pcapMaxPackets;

    @Option(names = "--filter", paramLabel = "EXPR",
            description = "keep only the flows matching EXPR, e.g. 'proto tcp and dst port 443' (README: Flow filters)")
    String filterText;

    @Option(names = "--sample", paramLabel = "N", defaultValue = "1",
            description = "keep 1 in N flows: each stream's 1st, N+1th, ... flow (deterministic; default: 1, all)")
    int sample;

    @Option(names = "--sample-scale", description = "with --sample: multiply kept flows' packets and bytes by N")
    boolean sampleScale;

    @Option(names = "--aggregate", paramLabel = "DURATION",
            description = "sum flows with the same 5-tuple in each window of DURATION (like 1s, 500ms)")
    String aggregate;

    @Option(names = "--realtime", description = "write each flow when the wall clock reaches its time (starting now)")
    boolean realtime;

    @Option(names = "--rate", paramLabel = "FLOWS_PER_S",
            description = "flows per second of flow time over all threads (default: from the config)")
    Double rate;

    @Option(names = "--queue-capacity", paramLabel = "BATCHES", defaultValue = "" + FlowGeneration.DEFAULT_QUEUE_BATCHES,
            description = "batches of --batch-size flows each generator thread may have queued (default: ${DEFAULT-VALUE})")
    int queueCapacity;

    @Option(names = "--batch-size", paramLabel = "FLOWS", defaultValue = "" + FlowGeneration.DEFAULT_BATCH_SIZE,
            description = "flows per hand-off from a generator thread (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "make shard I of N of the run: N processes with the same options and seed together make "
                    + "the single-process output (merge by timestamp)")
    String shard;

    /** --aggregate, validated by {@link #plan()}. */
    private long aggregateWindowNanos;

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
        ExportFormat exportFormat;
        Filter filter;
        InetSocketAddress collector;
        try {
            String name = format.toLowerCase(Locale.ROOT);
            exportFormat = ExportFormat.fromCliName(name);
            outputFormat = exportFormat == null ? outputFormat() : null;
            collector = checkExport(exportFormat);
            filter = ExportOptions.filter("--filter", filterText);
            plan = plan();
        } catch (ConfigException e) {
            System.err.println("nsr generate: " + e.getMessage());
            return 2;
        }
        long started = System.nanoTime();
        GenerationStats stats = new GenerationStats(plan.streams());
        UdpMessageOutput udpOut = null;
        try (OutputStream sink = collector == null ? openOutput() : OutputStream.nullOutputStream()) {
            ChunkSink writer;
            if (exportFormat == null) {
                FlowWriter text = new FlowWriter(sink, outputFormat.formatter(!noHeader, pretty), stats,
                        org.nsr.replay.Progress.stderrIsTerminal() ? System.err : null); // progress only for a person
                text.begin();
                writer = text;
            } else {
                FlowEncoder encoder;
                if (collector != null) {
                    udpOut = new UdpMessageOutput(collector, udpRate);
                    encoder = exportFormat.toCollector(udpOut);
                } else {
                    encoder = exportFormat.toStream(sink, out == null ? "standard output" : out.toString(),
                            pcapMaxPackets);
                }
                writer = new ExportSink(encoder, stats);
            }
            ChunkSink chain = stages(writer, plan, filter, stats);
            plan.run(chain);
            chain.finish();
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
        if (udpOut != null) {
            System.err.println("nsr generate: " + udpOut.summary());
            return udpOut.failures() > 0 ? 1 : 0;
        }
        return 0;
    }

    /** The stages between the collector and the writer: sample, then filter, then aggregate, then pace. */
    private ChunkSink stages(ChunkSink writer, FlowGeneration plan, Filter filter, GenerationStats stats) {
        ChunkSink chain = writer;
        if (realtime) {
            chain = new RealtimeStage(chain, Ticker.SYSTEM, StopSignal.NEVER, stats);
        }
        if (aggregate != null) {
            chain = new AggregationStage(chain, aggregateWindowNanos, (int) maxChunkFlows, FlowOrder.of(plan.sortField()),
                    stats);
        }
        if (!filter.matchesAll()) {
            chain = new FilterStage(chain, filter, stats);
        }
        if (sample > 1) {
            chain = new SamplingStage(chain, sample, sampleScale, stats);
        }
        return chain;
    }

    private long aggregateNanos() throws ConfigException {
        Duration d = Durations.parse(aggregate.strip(), ChronoUnit.SECONDS);
        if (d == null || d.isNegative() || d.isZero() || d.compareTo(Duration.ofDays(1)) > 0) {
            throw new ConfigException("--aggregate: '" + aggregate + "' is not usable; expected a duration from 1ns "
                    + "to 1d, like 1s or 500ms");
        }
        return d.toNanos();
    }

    /** Checks the options of the flow formats; returns the collector of --udp, or null. */
    private InetSocketAddress checkExport(ExportFormat f) throws ConfigException {
        check("--pcap-max-packets", pcapMaxPackets, 1, 1_000_000);
        ExportOptions.checkRate("--udp-rate", udpRate);
        if (udp == null) {
            return null;
        }
        if (f == null || !f.sendsMessages()) {
            throw new ConfigException("--udp: needs -o ipfix or -o netflow9, not '" + format + "'");
        }
        if (out != null) {
            throw new ConfigException("--udp/--out: choose one; --udp sends to a collector, --out writes a file");
        }
        return ExportOptions.collector("--udp", udp);
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
        check("--sample", sample, 1, Integer.MAX_VALUE);
        check("--queue-capacity", queueCapacity, 1, 1 << 16);
        check("--batch-size", batchSize, 1, 1 << 20);
        if (sampleScale && sample == 1) {
            throw new ConfigException("--sample-scale: needs --sample N with N > 1");
        }
        if (aggregate != null) {
            aggregateWindowNanos = aggregateNanos();
        }
        int[] shardOf = shard == null ? new int[] {1, 1} : parseShard();
        if (shardOf[1] > 1 && (aggregate != null || realtime)) {
            throw new ConfigException("--shard: cannot be combined with " + (realtime ? "--realtime" : "--aggregate")
                    + " (a shard sees only its streams" + (realtime ? " and starts at its own clock" : "") + ")");
        }
        if (shardOf[1] > threads) {
            throw new ConfigException("--shard: '" + shard + "' has more shards than the " + threads
                    + " threads (-n); expected N <= " + threads);
        }
        GeneratorConfig cfg = config == null ? GeneratorConfig.defaults() : GeneratorConfigParser.load(config);
        if (rate != null) {
            if (!(rate > 0 && rate <= 1e12)) {
                throw new ConfigException("--rate: '" + rate + "' is out of range; expected flows per second above 0");
            }
            cfg = cfg.withFlowsPerSecond(rate);
        }
        if (realtime) {
            // start a little ahead of now so the generators are ahead of the clock from the first flow
            cfg = cfg.withStartTimestampNanos(Ticker.SYSTEM.epochNanos() + REALTIME_LEAD_NANOS);
        }

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
                batchSize, queueCapacity, shardOf[0], shardOf[1]);
        if (plan.flowsPerChunk() > maxChunkFlows) {
            throw new ConfigException(String.format(Locale.ROOT,
                    "-w/--time-window: %d ms holds about %,.0f flows at %,.0f flows/s of flow time; expected a "
                            + "window of at most %,d flows (--max-chunk-flows), so at most %d ms",
                    windowMillis, plan.flowsPerChunk(), cfg.flowsPerSecond(), maxChunkFlows,
                    Math.max(1, (long) (maxChunkFlows * cfg.intervalNanos() / 1_000_000))));
        }
        return plan;
    }

    private int[] parseShard() throws ConfigException {
        String[] parts = shard.strip().split("/", -1);
        int i = -1;
        int n = -1;
        if (parts.length == 2) {
            try {
                i = Integer.parseInt(parts[0]);
                n = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                i = -1;
            }
        }
        if (n < 1 || i < 1 || i > n) {
            throw new ConfigException("--shard: '" + shard + "' is not a shard; expected I/N with 1 <= I <= N, like 2/4");
        }
        return new int[] {i, n};
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
}
