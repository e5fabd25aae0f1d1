package org.nsr.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.nsr.config.ConfigException;
import org.nsr.metrics.Metrics;
import org.nsr.replay.ReadSelection;
import org.nsr.replay.ReadStats;
import org.nsr.replay.export.PlaybackExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nsr export DIR --format ndtwin-playback --out DIR2}. Exit 0 ok, 1 damage skipped, 2 bad input. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Exports a recording for NDTwin's playback tools (Visualizer, Web-GUI).",
                "Writes one unzipped NDJSON file per source and recorded file, flow lines {\"timestamp\":ms,\"flow_info\":[...]}, "
                        + "graph lines {\"timestamp\":ms,\"nodes\":[...],\"edges\":[...]}."})
public final class ExportCommand implements Callable<Integer> {
    @Mixin
    RecordingSelectionOptions selection;

    @Option(names = "--format", required = true, paramLabel = "FMT", description = "Export format: ndtwin-playback.")
    String format;

    @Option(names = "--out", required = true, paramLabel = "DIR2", description = "Output directory (new or empty of the exported names).")
    Path out;

    @Override
    public Integer call() throws Exception {
        return CommandErrors.run("export", System.err, () -> {
            if (!"ndtwin-playback".equals(format)) {
                throw new ConfigException("--format: '" + format + "' is not an export format; expected ndtwin-playback");
            }
            ReadSelection sel = selection.selection(Clock.systemUTC());
            checkWritableDirectory(out);
            ReplayCli.OpenRecording recording = ReplayCli.open(selection.dir);
            ReadStats stats = new ReadStats(new Metrics());
            PlaybackExporter exporter = new PlaybackExporter(recording.index(), sel, recording.reader(), stats);
            exporter.export(out);
            System.err.println("nsr export: " + exporter.summary() + "; " + stats.summary());
            return stats.hasProblems() ? CommandErrors.PROBLEMS : CommandErrors.OK;
        });
    }

    /** A file, or a directory that cannot be made or written, is bad input: one line and exit 2. */
    static void checkWritableDirectory(Path dir) throws ConfigException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ConfigException("--out: '" + dir + "' is a file, not a directory; expected a new or empty directory");
        }
        try {
            Files.createDirectories(dir);
            // A probe file, because permission bits do not tell for root or a read-only mount.
            Files.delete(Files.createTempFile(dir, ".nsr-export-probe", ".tmp"));
        } catch (IOException e) {
            throw new ConfigException("--out: '" + dir + "' cannot be written (" + reason(e)
                    + "); expected a new or empty directory this user can create and write");
        }
    }

    private static String reason(IOException e) {
        String kind = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                : e.getClass().getSimpleName();
        return kind + (e instanceof java.nio.file.FileSystemException f && f.getFile() != null
                && !f.getFile().equals(e.getMessage()) ? " at " + f.getFile() : "");
    }
}
