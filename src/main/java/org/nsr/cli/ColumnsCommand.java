package org.nsr.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nsr.replay.columns.ColumnBuild;
import org.nsr.replay.RecordingFile;
import org.nsr.replay.RecordingIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nsr columns DIR}: builds the column sidecar of every archive of a flow source that lacks
 * one (old recordings, or ones recorded without sidecars). Exit 0 ok, 1 damaged archives skipped,
 * 2 bad input.
 */
@Command(name = "columns", mixinStandardHelpOptions = true,
        description = {"Builds the columnar flow sidecar (<stamp>_<source>.cols) of each archive whose records are "
                + "all flows with counters (generator flows), for query, lookup and replay --filter to read instead "
                + "of the zip. The archive stays the source of truth; archives of other sources are left alone."})
public final class ColumnsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "Recording directory.")
    Path dir;

    @Option(names = "--force", description = "Rebuild sidecars that exist.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        return CommandErrors.run("columns", System.err, () -> {
            ReplayCli.OpenRecording recording = ReplayCli.open(dir);
            RecordingIndex index = recording.index();
            long built = 0;
            long present = 0;
            long other = 0;
            long damaged = 0;
            for (RecordingFile f : index.allFiles()) {
                if (!f.isArchive()) {
                    continue;
                }
                if (!force && Files.isRegularFile(ColumnBuild.sidecarOf(f))) {
                    present++;
                    continue;
                }
                switch (ColumnBuild.build(index, f, recording.reader())) {
                    case BUILT -> built++;
                    case NOT_A_FLOW_ARCHIVE -> other++;
                    case DAMAGED_ARCHIVE -> {
                        damaged++;
                        System.err.println("nsr columns: " + f.path() + " is damaged; no sidecar built");
                    }
                    default -> throw new IllegalStateException();
                }
            }
            System.out.println("sidecars built: " + built + ", already present: " + present
                    + ", archives not of a flow source: " + other + ", damaged archives skipped: " + damaged);
            return damaged > 0 ? CommandErrors.PROBLEMS : CommandErrors.OK;
        });
    }
}
