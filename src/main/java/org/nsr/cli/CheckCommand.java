package org.nsr.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nsr.config.RecorderConfig;
import org.nsr.config.RecorderConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nsr check [-c FILE]}: validates a setting file the way {@code vector validate} does,
 * without creating a directory, binding a port or polling a source.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validates a setting file without running anything: no directories, ports or polls.",
                "Prints the effective configuration, every default filled in, to stdout.",
                "Exit 0 when the file is valid, 2 otherwise (the message names the key, the value and what is expected)."})
public final class CheckCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "setting/recorder_setting.yaml",
            description = "Setting file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing when the file is valid; only the exit code tells.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        return CommandErrors.run("check", System.err, () -> {
            RecorderConfig cfg = RecorderConfigLoader.load(config, org.nsr.app.BuiltInSourceTypes.registry());
            if (!quiet) {
                System.out.print(EffectiveConfig.yaml(cfg));
                System.err.println("nsr check: " + config + " is valid (" + cfg.sources().size() + " sources)");
            }
            return CommandErrors.OK;
        });
    }
}
