package org.nsr.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nsr.replay.RecordingIndex;
import org.nsr.replay.verify.RecordingVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nsr verify DIR}: exit 0 when sound, 1 when problems are found, 2 for bad input. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Checks a recording for damage, bad lines, out-of-order records and cadence gaps.",
                "Checks archive CRCs, sizes and entry names, every line valid UTF-8 and a JSON object with a numeric timestamp,",
                "timestamps not decreasing within a file beyond the late records its writer counted (kept in the",
                "archive; more decreases are an error; a file without that count gives a warning, an error with --strict),",
                "cadence gaps in poll sources above twice the median spacing (warnings, errors with --strict),",
                "stream IDs (redis_id) a source recorded more than once: counted, the first 10 named (warnings, errors with --strict).",
                "Exit 0 when sound, 1 when problems are found, 2 for bad input."})
public final class VerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "Recording directory (or a single recording file).")
    Path dir;

    @Option(names = "--strict", description = "Treat warnings as errors: decreases in files without a late count, "
            + "and cadence gaps.")
    boolean strict;

    @Override
    public Integer call() throws Exception {
        return CommandErrors.run("verify", System.err, () -> {
            RecordingIndex index = RecordingIndex.scan(dir);
            RecordingVerifier verifier = new RecordingVerifier(index, strict);
            verifier.run();
            verifier.print(System.out);
            return verifier.sound() ? CommandErrors.OK : CommandErrors.PROBLEMS;
        });
    }
}
