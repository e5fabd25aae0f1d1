package org.nsr.replay.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.nsr.archive.ArchiveReader;
import org.nsr.config.ConfigException;
import org.nsr.metrics.Counter;
import org.nsr.record.LineBuffer;
import org.nsr.replay.ReadSelection;
import org.nsr.replay.ReadStats;
import org.nsr.replay.RecordMerger;
import org.nsr.replay.RecordView;
import org.nsr.replay.RecordingFile;
import org.nsr.replay.RecordingIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports a recording for NDTwin's playback tools: for each source and each recorded file (one time
 * range), an unzipped NDJSON file {@code <stamp>_<source>.json} in the output directory, holding
 * that file's flow and graph records in {@link PlaybackLine} shape and in record-time order.
 * Records that are not flow or graph state (generator flows, error lines, other HTTP sources) are
 * counted and left out; a source with none of either writes no file.
 *
 * <p>Each output is written as {@code .json.tmp} and renamed when complete, so a reader never sees
 * half a file. Existing output files are never overwritten: that is reported as bad input.
 */
public final class PlaybackExporter {
    private static final Logger LOG = LoggerFactory.getLogger(PlaybackExporter.class);

    private final RecordingIndex index;
    private final ReadSelection selection;
    private final ArchiveReader reader;
    private final ReadStats stats;
    private final Counter flowLines;
    private final Counter graphLines;
    private final Counter skipped;
    private final List<Path> written = new ArrayList<>();

    public PlaybackExporter(RecordingIndex index, ReadSelection selection, ArchiveReader reader, ReadStats stats) {
        this.index = index;
        this.selection = selection;
        this.reader = reader;
        this.stats = stats;
        this.flowLines = stats.metrics().counter("nsr_export_lines_total", "Playback lines exported", "kind", "flow");
        this.graphLines = stats.metrics().counter("nsr_export_lines_total", "Playback lines exported", "kind", "graph");
        this.skipped = stats.metrics().counter("nsr_export_skipped_records_total",
                "Records left out of a playback export because they are not flow or graph state");
    }

    /** Writes the export into {@code outDir} (created if missing). */
    public void export(Path outDir) throws IOException, ConfigException {
        List<String> sources = selection.resolveSources(index);
        for (String source : sources) {
            for (RecordingFile f : index.files(source)) {
                Path target = outDir.resolve(f.name().entryName());
                if (Files.exists(target)) {
                    throw new ConfigException("--out: " + target + " already exists; expected an empty or new directory");
                }
            }
        }
        Files.createDirectories(outDir);
        LineBuffer line = new LineBuffer(1 << 16);
        for (String source : sources) {
            ReadSelection one = new ReadSelection(Set.of(source), selection.range());
            try (RecordMerger merger = new RecordMerger(index, one, reader, stats)) {
                RecordingFile current = null;
                Path tmp = null;
                OutputStream out = null;
                long linesInFile = 0;
                RecordView r;
                while ((r = merger.next()) != null) {
                    if (r.file() != current) {
                        finish(current, tmp, out, linesInFile, outDir);
                        current = r.file();
                        tmp = outDir.resolve(current.name().entryName() + ".tmp");
                        out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
                        linesInFile = 0;
                    }
                    line.reset();
                    switch (PlaybackLine.convert(r, line)) {
                        case FLOW -> flowLines.increment();
                        case GRAPH -> graphLines.increment();
                        case NOT_PLAYBACK -> {
                            skipped.increment();
                            continue;
                        }
                        default -> throw new IllegalStateException();
                    }
                    line.append((byte) '\n');
                    line.writeTo(out);
                    linesInFile++;
                }
                finish(current, tmp, out, linesInFile, outDir);
            }
        }
        if (skipped.get() > 0) {
            LOG.info("{} records were not flow or graph state and were left out of the export", skipped.get());
        }
    }

    private void finish(RecordingFile file, Path tmp, OutputStream out, long lines, Path outDir) throws IOException {
        if (out == null) {
            return;
        }
        out.close();
        if (lines == 0) {
            Files.delete(tmp);
            return;
        }
        Path target = outDir.resolve(file.name().entryName());
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        written.add(target);
    }

    public List<Path> written() {
        return List.copyOf(written);
    }

    public String summary() {
        return written.size() + " files written, " + flowLines.get() + " flow lines, " + graphLines.get()
                + " graph lines, " + skipped.get() + " records left out (not flow or graph state)";
    }
}
