package org.nsr.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.nsr.config.ConfigException;
import org.nsr.config.Durations;
import org.nsr.config.RecorderConfig;
import org.nsr.config.RecorderConfigLoader;
import org.nsr.lifecycle.OutputDirLock;
import org.nsr.lifecycle.Recorder;
import org.nsr.lifecycle.SignalStop;
import org.nsr.core.StopSignal;
import org.nsr.metrics.HealthReporter;
import org.nsr.metrics.Metrics;
import org.nsr.metrics.MetricsServer;
import org.nsr.metrics.StatsLine;
import org.nsr.server.ListenException;
import org.nsr.sim.NdtwinSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nsr record}: runs the recorder until SIGTERM/SIGINT (or {@code --run-for}); SIGHUP reloads. */
@Command(name = "record",
        mixinStandardHelpOptions = true,
        description = {
            "Records every configured source into rotated NDJSON files, zipped when complete.",
            "Runs until SIGTERM or SIGINT, then drains every queue, archives every file and exits 0.",
            "SIGHUP re-reads the setting file and adds, removes or restarts sources without losing a record.",
            "Exit codes: 0 clean stop, 1 failure or stop timeout, 2 bad config or option."})
public final class RecordCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RecordCommand.class);

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "setting/recorder_setting.yaml",
            description = "Setting file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--demo",
            description = "Record the built-in NDTwin simulator (started on a free local port) and a flow "
                    + "generator into ./recorded_info, with files every 10 s. Needs no NDTwin and no setting file; "
                    + "refused together with --config.")
    boolean demo;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--run-for", paramLabel = "DURATION",
            description = "Stop by itself after this long, as if SIGTERM came (e.g. 30s, 5m). For demos and benchmarks.")
    String runFor;

    /** How often the control loop checks that no stage has broken. */
    private static final long SUPERVISION_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** What the control loop is asked to do by signals and timers. */
    private enum Request { STOP, RELOAD }

    @Override
    public Integer call() throws Exception {
        Duration limit = null;
        if (runFor != null) {
            limit = Durations.parse(runFor, ChronoUnit.SECONDS);
            if (limit == null && !runFor.strip().startsWith("-")) {
                throw new ConfigException("--run-for: '" + runFor + "' is not a duration; expected e.g. 30s or 5m");
            }
            if (limit == null || limit.isZero() || limit.isNegative()) {
                throw new ConfigException("--run-for: '" + runFor + "' must be positive; expected e.g. 30s or 5m");
            }
        }
        if (demo && spec.commandLine().getParseResult().hasMatchedOption("--config")) {
            throw new ConfigException("--demo: cannot be combined with --config '" + config + "': the demo records the "
                    + "built-in simulator with its own settings; expected either --demo or --config FILE");
        }
        if (!demo) {
            return record(RecorderConfigLoader.load(config), limit);
        }
        try (NdtwinSimulator sim = NdtwinSimulator.builder().seed(1).build().start(0)) {
            System.err.println("demo: NDTwin kernel simulator serving " + sim.url()
                    + "; recording into ./recorded_info (Ctrl-C stops)");
            return record(demoConfig(sim.url()), limit);
        }
    }

    private static RecorderConfig demoConfig(String kernelUrl) throws Exception {
        String yaml;
        try (InputStream in = RecordCommand.class.getResourceAsStream("/demo-setting.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${KERNEL}", kernelUrl);
        }
        return RecorderConfigLoader.parse(RecorderConfigLoader.parseYaml(yaml, "demo-setting.yaml"), null,
                Path.of("."));
    }

    static int record(RecorderConfig cfg, Duration limit) throws Exception {
        LoggingSetup.configure(cfg.displayOnConsole(), cfg.logLevel(), cfg.ops().logFormat(), LoggingSetup.logsDir(System.getenv()));
        LinkedBlockingQueue<Request> requests = new LinkedBlockingQueue<>();
        StopSignal stop = new StopSignal();
        AtomicReference<String> signal = new AtomicReference<>();
        SignalStop.install(stop, signal);
        Thread stopForwarder = new Thread(() -> {
            try {
                stop.awaitForever();
                requests.add(Request.STOP);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "signal-stop");
        stopForwarder.setDaemon(true);
        stopForwarder.start();
        SignalStop.onSignal("HUP", () -> requests.add(Request.RELOAD));

        Clock clock = Clock.systemDefaultZone();
        Metrics metrics = new Metrics();
        Recorder recorder = new Recorder(cfg, clock, metrics);
        OutputDirLock dirLock = lockOutputDir(cfg.outputDir());
        MetricsServer endpoint = null;
        try {
            endpoint = startEndpoint(cfg, recorder, metrics, clock);
            recorder.start();
            long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
            boolean failed = false;
            long statsEvery = cfg.ops().statsInterval().toNanos();
            long nextStats = System.nanoTime() + statsEvery;
            while (true) {
                long now = System.nanoTime();
                if (now >= nextStats) {
                    log.info(StatsLine.format(metrics));
                    nextStats = now + statsEvery;
                }
                if (now >= deadline) {
                    break;
                }
                recorder.resumePendingRestarts();
                String broken = recorder.failure();
                if (broken != null) {
                    log.error("{}; stopping with exit 1 so the service manager restarts the recorder "
                            + "(recovery publishes what the writer left)", broken);
                    failed = true;
                    break;
                }
                long wait = Math.min(Math.min(deadline, nextStats) - now, SUPERVISION_PERIOD_NANOS);
                Request r = requests.poll(wait, TimeUnit.NANOSECONDS);
                if (r == Request.STOP) {
                    break;
                }
                if (r == Request.RELOAD) {
                    reload(recorder);
                }
            }
            boolean clean = recorder.stop(cfg.stopTimeout());
            recorder.logSummary();
            if (!clean) {
                log.error("stop did not complete within stop_timeout {}; leftover files are recovered at next start",
                        Durations.format(cfg.stopTimeout()));
            } else {
                log.info("stopped cleanly{}: every accepted record is archived",
                        signal.get() == null ? "" : " after " + signal.get());
            }
            log.info(StatsLine.format(metrics));
            return clean && !failed ? 0 : 1;
        } finally {
            if (endpoint != null) {
                endpoint.close(); // last, so /health shows "draining" for the whole stop
            }
            dirLock.close();
            LoggingSetup.shutdown();
        }
    }

    /** Creates the output directory and takes its lock; a user's problem with either exits 2. */
    private static OutputDirLock lockOutputDir(Path dir) throws ConfigException {
        StringBuilder holder = new StringBuilder();
        OutputDirLock lock;
        try {
            Files.createDirectories(dir);
            lock = OutputDirLock.tryAcquire(dir, holder);
        } catch (IOException e) {
            throw new ConfigException("Recorder.data.output_dir: '" + dir + "' cannot be used: " + e
                    + "; expected a directory this user can create and write");
        }
        if (lock == null) {
            throw new ConfigException("Recorder.data.output_dir: '" + dir + "' is in use by another recorder ("
                    + holder + "); expected a directory no other 'nsr record' writes to");
        }
        return lock;
    }

    private static MetricsServer startEndpoint(RecorderConfig cfg, Recorder recorder, Metrics metrics, Clock clock)
            throws ConfigException, ListenException {
        if (cfg.ops().metricsListen() == null) {
            return null;
        }
        HealthReporter health = new HealthReporter(() -> {
            String broken = recorder.failure();
            if (broken == null) {
                broken = recorder.degraded();
            }
            if (broken != null) {
                return "failed: " + broken;
            }
            return switch (recorder.state()) {
                case NEW, STARTING -> "starting";
                case RUNNING -> "running";
                case DRAINING -> "draining";
                case STOPPED -> "stopped";
            };
        }, metrics, cfg.ops().failingThreshold(), clock);
        MetricsServer server;
        try {
            server = MetricsServer.start(cfg.ops().metricsListen(), metrics, health, cfg.ops().metricsToken());
        } catch (ListenException e) {
            if (e.addressIsLocal()) {
                log.error("Recorder.data.metrics.listen: {}; exiting 1 so the service manager retries", e.getMessage());
                throw e; // a taken port is passing: Main exits 1 so systemd retries
            }
            throw new ConfigException("Recorder.data.metrics.listen: '" + cfg.ops().metricsListen().getHostString() + ":"
                    + cfg.ops().metricsListen().getPort() + "' is not an address of this machine (" + e.getMessage()
                    + "); expected a local address, or off");
        } catch (IOException e) {
            throw new ConfigException("Recorder.data.metrics.listen: '" + cfg.ops().metricsListen().getHostString() + ":"
                    + cfg.ops().metricsListen().getPort() + "' " + e.getMessage()
                    + "; expected a free local address, or off");
        }
        log.info("metrics and health on http://{}:{}/metrics and /health{}",
                cfg.ops().metricsListen().getHostString(), server.port(),
                cfg.ops().metricsToken() == null ? "" : " (bearer token required)");
        return server;
    }

    private static void reload(Recorder recorder) throws Exception {
        Path file = recorder.config().configFile();
        if (file == null) {
            log.warn("SIGHUP: this recording has no setting file to reload; nothing changed");
            return;
        }
        RecorderConfig next;
        try {
            next = RecorderConfigLoader.load(file);
        } catch (ConfigException e) {
            log.error("SIGHUP: reload of {} refused, the running config stays in place: {}", file, e.getMessage());
            return;
        }
        try {
            log.info("SIGHUP: {}", recorder.reload(next, recorder.config().stopTimeout()));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception | Error e) {
            // A reload must never take the recording down with it: what was running keeps running.
            log.error("SIGHUP: reload of {} failed part-way; sources not yet changed keep running", file, e);
        }
    }
}
