package org.nsr.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.nsr.config.ConfigException;
import org.nsr.config.DetectSettings;
import org.nsr.detect.AttackDataset;
import org.nsr.detect.DetectEval;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "detect-eval", mixinStandardHelpOptions = true,
        description = "Replay a ground-truth traffic CSV through the DDoS detector (default thresholds) and report, per "
                + "attack type, the detection delay, the minute-level recall and the false-alert rate. Exit 0 when the "
                + "targets are met (delay <= 10 s, recall >= 0.95, < 1 false alert per 10 normal minutes), 1 if not.")
public final class DetectEvalCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CSV", description = "timestamp,source_ip,dest_ip,source_port,dest_port,"
            + "protocol,packets,bytes,is_attack,attack_type")
    Path csv;

    @Option(names = "--generate", paramLabel = "MINUTES",
            description = "First write a messy generated dataset of MINUTES (at least 100) to CSV, with SYN, HTTP, UDP "
                    + "flood and DNS amplification windows.")
    Integer generateMinutes;

    @Override
    public Integer call() throws Exception {
        return CommandErrors.run("detect-eval", System.err, () -> {
            if (generateMinutes != null) {
                if (generateMinutes < 100) {
                    throw new ConfigException("--generate: " + generateMinutes
                            + " minutes do not reach the last attack window; expected at least 100");
                }
                long rows = AttackDataset.write(csv, Instant.parse("2026-01-01T00:00:00Z"), generateMinutes, 42);
                System.out.println("wrote " + rows + " rows to " + csv);
            } else if (!Files.isRegularFile(csv)) {
                throw new ConfigException("CSV: '" + csv + "' is not a file; expected a traffic CSV with ground truth");
            }
            DetectEval.Result r = DetectEval.run(csv, DetectSettings.defaults());
            System.out.print(r.report());
            return r.targetsMet() ? CommandErrors.OK : CommandErrors.PROBLEMS;
        });
    }
}
