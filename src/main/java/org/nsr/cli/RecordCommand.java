package org.nsr.cli;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import org.nsr.app.BuiltInSourceTypes;
import org.nsr.app.RecorderRuntime;
import org.nsr.config.ConfigException;
import org.nsr.config.Durations;
import org.nsr.config.RecorderConfig;
import org.nsr.config.RecorderConfigLoader;
import org.nsr.core.Ticker;
import org.nsr.sim.NdtwinSimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nsr record}: its options and exit codes. The recording itself, with its lock, endpoint,
 * timers and signals, is {@link RecorderRuntime}.
 */
@Command(name = "record",
        mixinStandardHelpOptions = true,
        description = {
            "Records every configured source into rotated NDJSON files, zipped when complete.",
            "Runs until SIGTERM or SIGINT, then drains every queue, archives every file and exits 0.",
            "SIGHUP re-reads the setting file and adds, removes or restarts sources without losing a record.",
            "Exit codes: 0 clean stop, 1 failure or stop timeout, 2 bad config or option."})
public final class RecordCommand implements Callable<Integer> {
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
            return record(RecorderConfigLoader.load(config, BuiltInSourceTypes.registry()), limit);
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
                Path.of("."), BuiltInSourceTypes.registry());
    }

    static int record(RecorderConfig cfg, Duration limit) throws Exception {
        LoggingSetup.configure(cfg.displayOnConsole(), cfg.logLevel(), cfg.ops().logFormat(), LoggingSetup.logsDir(System.getenv()));
        try {
            RecorderRuntime.Outcome outcome = new RecorderRuntime(cfg, BuiltInSourceTypes.registry(), Ticker.SYSTEM)
                    .run(limit);
            return outcome == RecorderRuntime.Outcome.CLEAN ? 0 : 1;
        } finally {
            LoggingSetup.shutdown();
        }
    }
}
