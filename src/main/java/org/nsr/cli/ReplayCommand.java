package org.nsr.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.nsr.archive.ArchiveReader;
import org.nsr.config.ConfigException;
import org.nsr.config.Durations;
import org.nsr.export.ExportFormat;
import org.nsr.export.UdpMessageOutput;
import org.nsr.core.StopSignal;
import org.nsr.core.Ticker;
import org.nsr.core.SignalStop;
import org.nsr.metrics.Metrics;
import org.nsr.replay.Pacer;
import org.nsr.replay.Progress;
import org.nsr.replay.ReadSelection;
import org.nsr.replay.ReadStats;
import org.nsr.replay.RecordingIndex;
import org.nsr.replay.Reordering;
import org.nsr.replay.Replayer;
import org.nsr.replay.serve.NdtwinState;
import org.nsr.replay.serve.NdtwinStateServer;
import org.nsr.replay.serve.StateSink;
import org.nsr.replay.sink.FlowExportSink;
import org.nsr.replay.sink.FlowFilterSink;
import org.nsr.replay.sink.OutputClosedException;
import org.nsr.replay.sink.KafkaReplaySink;
import org.nsr.replay.sink.PostSink;
import org.nsr.replay.RecordSink;
import org.nsr.replay.sink.StreamFormat;
import org.nsr.replay.sink.StreamSink;
import org.nsr.server.ListenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nsr replay DIR}: plays a recording back in timestamp order to stdout, to a URL, or as an
 * NDTwin-compatible API. Exit 0 when everything was replayed, 1 when damaged files or bad lines were
 * skipped or POSTs failed, 2 for bad input.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replays a recording in timestamp order across sources and rotated files.",
                "Pacing: the original spacing at --speed (default 1), or --as-fast-as-possible.",
                "Sinks: stdout (--format), --post URL, --kafka BOOTSTRAP [--topic T], --ipfix/--netflow9 HOST:PORT, or --serve PORT (NDTwin API: /ndt/get_detected_flow_data, "
                        + "/ndt/get_graph_data answer the recorded state as of the replay clock).",
                "Late records are put back in timestamp order within --reorder-window (default 2s).",
                "Record times: a \"timestamp\" below 1e14 is epoch ms (poll sources), otherwise epoch ns (generator).",
                "--from is inclusive, --to exclusive. Relative times (-90s, -15m, -1h, -2d) count back from now.",
                "Damaged files and bad lines are skipped, counted and summarised on stderr (exit 1).",
                "Exit codes: 0 all replayed, 1 damage skipped or POSTs failed, 2 bad input."})
public final class ReplayCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayCommand.class);

    @Mixin
    RecordingSelectionOptions selection;

    @Option(names = "--speed", paramLabel = "X", description = "Replay at X times the recorded pace (default 1).")
    String speed;

    @Option(names = "--as-fast-as-possible", description = "Do not wait between records.")
    boolean asFastAsPossible;

    @Option(names = "--loop", description = "Start again at the end, until interrupted.")
    boolean loop;

    @Option(names = "--ip", paramLabel = "IP", description = "Only records holding a flow with this IPv4 address at "
            + "either end; the recording's index picks the files that can hold it.")
    String ip;

    @Option(names = "--format", paramLabel = "FMT", description = "stdout format: ndjson (default), csv, text.")
    String format = "ndjson";

    @Option(names = "--post", paramLabel = "URL", description = "POST each record as JSON to URL (retried with "
            + "exponential backoff, at most --post-attempts attempts).")
    String post;

    @Option(names = "--post-attempts", paramLabel = "N", description = "Attempts per record for --post (default 5).")
    int postAttempts = 5;

    @Option(names = "--kafka", paramLabel = "BOOTSTRAP", description = "Publish each record to Kafka at BOOTSTRAP "
            + "(host:port[,host:port...]), keyed by source, idempotent.")
    String kafka;

    @Option(names = "--topic", paramLabel = "T", description = "With --kafka: the topic; {source} stands for the "
            + "record's source (default nsr.{source}).")
    String topic;

    @Option(names = "--serve", paramLabel = "PORT", description = "Serve the NDTwin API on PORT with the replayed state.")
    Integer serve;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Address for --serve (default 127.0.0.1).")
    String bind = "127.0.0.1";

    @Option(names = "--exit-when-done", description = "With --serve: stop serving when the replay ends "
            + "(default: keep serving the final state until interrupted).")
    boolean exitWhenDone;

    @Option(names = "--reorder-window", paramLabel = "DURATION", description = "Hold each source's records this "
            + "much record time (like 2s, 500ms; a bare number is seconds) to put late records back in timestamp "
            + "order; 0 turns it off (default 2s). At most 1000000 records / 256 MiB held per source.")
    String reorderWindow = "2s";

    @Option(names = "--redis", paramLabel = "HOST:PORT", description = "Add each record to a Redis stream "
            + "(with --stream; pipelined, paced like every replay).")
    String redis;

    @Option(names = "--stream", paramLabel = "KEY", description = "The stream for --redis (default network_traffic).")
    String stream = "network_traffic";

    @Option(names = "--no-progress", description = "Never draw the progress bar.")
    boolean noProgress;

    @Option(names = "--filter", paramLabel = "EXPR", description = "Replay only records with a flow matching EXPR "
            + "(with --ipfix/--netflow9: export only matching flows); the language of generate and query.")
    String filterText;

    @Option(names = "--ipfix", paramLabel = "HOST:PORT", description = "Export the recording's flows as IPFIX to a "
            + "UDP collector (NDTwin snapshots: see README, Flow export).")
    String ipfix;

    @Option(names = "--netflow9", paramLabel = "HOST:PORT", description = "Export the flows as NetFlow v9 instead.")
    String netflow9;

    @Option(names = "--udp-rate", paramLabel = "N", description = "Datagrams per second for --ipfix/--netflow9 "
            + "(default " + ExportOptions.DEFAULT_UDP_RATE + ").")
    int udpRate = ExportOptions.DEFAULT_UDP_RATE;

    private final Metrics metrics = new Metrics();
    /** Raised by the shutdown hook (Ctrl-C, SIGTERM); tests raise it to end a --serve run. */
    final StopSignal stop = new StopSignal();

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        return CommandErrors.run("replay", err, this::replay);
    }

    private int replay() throws Exception {
        PrintStream err = System.err;
        ReadSelection sel = selection.selection(Clock.systemUTC());
        StreamFormat streamFormat = parseFormat(format);
        validateSinks();
        org.nsr.filter.Filter filter = ExportOptions.filter("--filter", filterText);
        ExportFormat exportFormat = ipfix != null ? ExportFormat.IPFIX : netflow9 != null ? ExportFormat.NETFLOW9 : null;
        InetSocketAddress collector = exportFormat == null ? null
                : ExportOptions.collector(ipfix != null ? "--ipfix" : "--netflow9", ipfix != null ? ipfix : netflow9);
        ReplayCli.OpenRecording recording = ReplayCli.open(selection.dir);
        Integer pinned = null;
        if (ip != null) {
            long parsed = org.nsr.record.codec.Ipv4.parseDotted(ip);
            if (parsed < 0) {
                throw new ConfigException("--ip: '" + ip + "' is not an IPv4 address; expected e.g. 10.0.0.5");
            }
            pinned = (int) parsed;
        }
        RecordingIndex index = ReplayCli.narrowByIndex(recording.index(), selection.dir, pinned, filter, sel.range());
        // archives whose column sidecar holds no matching flow need not be read (same records out)
        index = new org.nsr.replay.columns.ColumnPruning().prune(index, filter, sel.range());
        sel.resolveSources(index);
        ArchiveReader reader = recording.reader();
        Ticker clock = Ticker.SYSTEM;
        Pacer pacer = asFastAsPossible ? Pacer.asFastAsPossible(clock) : Pacer.atSpeed(clock, stop, parseSpeed(speed));
        Reordering reordering = parseReorderWindow(reorderWindow);
        ReadStats stats = new ReadStats(metrics);
        NdtwinStateServer server = null;
        RecordSink sink;
        if (serve != null) {
            NdtwinState state = new NdtwinState();
            server = new NdtwinStateServer(state, new InetSocketAddress(bind, serve), metrics);
            try {
                server.start();
            } catch (ListenException e) {
                if (e.addressIsLocal()) {
                    throw e; // a taken port: Main exits 1, as for 'nsr record'
                }
                throw new ConfigException("--bind: '" + bind + "' is not an address of this machine ("
                        + e.getMessage() + "); expected e.g. 127.0.0.1");
            }
            // SIGTERM and SIGINT end a serving replay like --exit-when-done: exit 0 (not the JVM's 143),
            // since serving until stopped is its normal life, as it is for a service manager.
            SignalStop.install(stop, new AtomicReference<>());
            err.println("nsr replay: serving the NDTwin API on http://" + bind + ":" + server.port());
            sink = new StateSink(state);
        } else if (collector != null) {
            UdpMessageOutput udp = new UdpMessageOutput(collector, udpRate);
            sink = new FlowExportSink(exportFormat.toCollector(udp), udp, filter);
        } else if (kafka != null) {
            sink = new KafkaReplaySink(kafka, topic == null ? "nsr.{source}" : topic);
        } else if (redis != null) {
            sink = RedisReplayTarget.open(redis, stream, clock, stop);
        } else if (post != null) {
            PostSink.Settings d = PostSink.Settings.defaults();
            sink = new PostSink(parseUrl(post), new PostSink.Settings(postAttempts, d.initialBackoff(), d.maxBackoff(),
                    d.requestTimeout()), clock, stop, metrics);
        } else {
            sink = new StreamSink(System.out, streamFormat, 1 << 16);
        }
        if (!filter.matchesAll() && collector == null) {
            sink = new FlowFilterSink(sink, filter);
        }
        Progress progress = !noProgress && Progress.stderrIsTerminal() ? new Progress(err, clock) : null;
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.raise();
            try {
                done.await(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nsr replay shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (pinned != null) {
            sink = new org.nsr.replay.sink.FlowIpSink(sink, pinned);
        }
        long delivered;
        try (RecordSink s = sink) {
            delivered = new Replayer(index, sel, reader, stats, pacer, loop, s, stop, progress, reordering).run();
            if (server != null && !exitWhenDone && !stop.isRaised()) {
                err.println("nsr replay: replay finished; serving the final state until interrupted");
                stop.awaitForever();
            }
        } catch (OutputClosedException e) {
            // | head took what it wanted: the normal end of a replay, not a failure
            LOG.debug("stdout was closed after {} records; replay ended", stats.recordsRead());
            return CommandErrors.OK;
        } catch (IOException e) {
            err.println("nsr replay: output failed: " + e.getMessage());
            return CommandErrors.PROBLEMS;
        } finally {
            if (server != null) {
                server.stop(Duration.ofSeconds(1));
            }
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits on done, released above
            }
        }
        err.println("nsr replay: " + delivered + " records replayed; " + stats.summary());
        if (sink.summary() != null) {
            err.println("nsr replay: " + sink.summary());
        }
        return stats.hasProblems() || sink.failures() > 0 ? CommandErrors.PROBLEMS : CommandErrors.OK;
    }

    private void validateSinks() throws ConfigException {
        if (asFastAsPossible && speed != null) {
            throw new ConfigException("--speed: cannot be combined with --as-fast-as-possible; choose one");
        }
        parseSpeed(speed);
        int sinks = (serve != null ? 1 : 0) + (post != null ? 1 : 0) + (ipfix != null ? 1 : 0) + (netflow9 != null ? 1 : 0)
                + (kafka != null ? 1 : 0) + (redis != null ? 1 : 0);
        if (sinks > 1) {
            throw new ConfigException("--serve/--post/--kafka/--redis/--ipfix/--netflow9: choose one sink");
        }
        if (kafka != null && !kafka.matches("[^\\s,]+:\\d+(,[^\\s,]+:\\d+)*")) {
            throw new ConfigException("--kafka: '" + kafka + "' is not a broker list; expected host:port[,host:port...]");
        }
        if (topic != null && kafka == null) {
            throw new ConfigException("--topic: needs --kafka BOOTSTRAP");
        }
        if (topic != null && !topic.replace("{source}", "x").matches("[A-Za-z0-9._-]{1,200}")) {
            throw new ConfigException("--topic: '" + topic + "' is not a topic name; expected letters, digits, '.', "
                    + "'_' or '-', where {source} stands for the source");
        }
        ExportOptions.checkRate("--udp-rate", udpRate);
        if (serve != null && (serve < 0 || serve > 65535)) {
            throw new ConfigException("--serve: '" + serve + "' is not a port; expected 0-65535");
        }
        if (postAttempts < 1 || postAttempts > 100) {
            throw new ConfigException("--post-attempts: '" + postAttempts + "' is out of range; expected 1-100");
        }
    }

    static Reordering parseReorderWindow(String text) throws ConfigException {
        Duration d = text.strip().equals("0") ? Duration.ZERO : Durations.parse(text.strip(), ChronoUnit.SECONDS);
        if (d == null || d.isNegative() || d.compareTo(Duration.ofHours(1)) > 0) {
            throw new ConfigException("--reorder-window: '" + text + "' is not usable; expected a duration from 0 "
                    + "(off) to 1h, like 2s or 500ms");
        }
        return Reordering.window(d.toNanos());
    }

    /** The pace factor; the message echoes what the user typed, not its parsed form. */
    static double parseSpeed(String text) throws ConfigException {
        if (text == null) {
            return 1.0;
        }
        double factor;
        try {
            factor = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            factor = Double.NaN;
        }
        if (!(factor > 0 && factor < 1e9)) {
            throw new ConfigException("--speed: '" + text + "' is not usable; expected a positive factor like 0.5, 1 or 60");
        }
        return factor;
    }

    static StreamFormat parseFormat(String text) throws ConfigException {
        try {
            return StreamFormat.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--format: '" + text + "' is not a format; expected ndjson, csv or text");
        }
    }

    private static URI parseUrl(String text) throws ConfigException {
        try {
            URI uri = new URI(text);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(text, "not an http(s) URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException("--post: '" + text + "' is not a URL; expected http://host:port/path");
        }
    }
}
