package org.nsr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.nsr.config.Durations;
import org.nsr.layout.FileStage;
import org.nsr.record.EpochNanos;
import org.nsr.replay.RecordingIndex;
import org.nsr.replay.info.RecordingSummary;
import org.nsr.replay.info.RecordingSummary.SourceFigures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code nsr info DIR}: a summary of a recording, like {@code nfdump -I}. Exit 0, 1 when a file is damaged, 2 bad input. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Summarises a recording, like nfdump -I.",
                "Sources, line kinds, time span, files, records, bytes raw and zipped, cadence gaps of poll sources,",
                "index state and the recording manifest (.nsr/recording.json) if any.",
                "Reads every line once. Exit 0, 1 when a file could not be read to its end, 2 for bad input."})
public final class InfoCommand implements Callable<Integer> {
    /** Where an index would live beside the manifest; none is built yet. */
    static final Path INDEX = Path.of(org.nsr.layout.ManifestFile.DIRECTORY, "index");

    @Parameters(index = "0", paramLabel = "DIR", description = "Recording directory (or a single recording file).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        return CommandErrors.run("info", System.err, () -> {
            RecordingIndex index = RecordingIndex.scan(dir);
            RecordingSummary summary = RecordingSummary.of(index, org.nsr.record.codec.LineKinds.standard());
            print(System.out, summary);
            for (String d : summary.damaged()) {
                System.err.println("nsr info: damaged: " + d);
            }
            return summary.damaged().isEmpty() ? CommandErrors.OK : CommandErrors.PROBLEMS;
        });
    }

    private void print(PrintStream out, RecordingSummary summary) {
        List<SourceFigures> sources = summary.sources();
        Map<FileStage, Integer> stages = new TreeMap<>();
        Map<String, Long> kinds = new TreeMap<>();
        long records = 0;
        long raw = 0;
        long zipped = 0;
        long gaps = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (SourceFigures s : sources) {
            s.filesByStage().forEach((k, v) -> stages.merge(k, v, Integer::sum));
            s.kinds().forEach((k, v) -> kinds.merge(k, v, Long::sum));
            records += s.records();
            raw += s.rawBytes();
            zipped += s.zippedBytes();
            gaps += s.gaps();
            first = Math.min(first, s.firstNanos());
            last = Math.max(last, s.lastNanos());
        }
        out.println("Recording:    " + dir.toAbsolutePath().normalize());
        out.println("Sources:      " + String.join(", ", sources.stream().map(SourceFigures::name).toList()));
        out.println("Line kinds:   " + counts(kinds));
        out.println("Time span:    " + span(first, last));
        out.println("Files:        " + stages.values().stream().mapToInt(Integer::intValue).sum() + " (" + stages(stages) + ")");
        out.println("Records:      " + records);
        out.println("Bytes raw:    " + raw + " (" + human(raw) + ")");
        out.println("Bytes zipped: " + zipped + " (" + human(zipped) + ")");
        out.println("Gaps:         " + gaps);
        out.println("Index:        " + indexState());
        out.println("Manifest:     " + manifest());
        for (SourceFigures s : sources) {
            out.println();
            out.println("Source " + s.name() + ":");
            out.println("  files:      " + s.files() + " (" + stages(s.filesByStage()) + ")");
            out.println("  records:    " + s.records() + " (" + counts(s.kinds()) + ")");
            out.println("  time span:  " + span(s.firstNanos(), s.lastNanos()));
            out.println("  bytes:      " + human(s.rawBytes()) + " raw, " + human(s.zippedBytes()) + " zipped");
            out.println("  gaps:       " + (s.medianIntervalNanos() > 0
                    ? s.gaps() + " (interval " + Durations.format(Duration.ofNanos(s.medianIntervalNanos())) + ")"
                    : "not checked (not a poll source, or fewer than 3 records)"));
        }
    }

    private static String counts(Map<String, Long> kinds) {
        if (kinds.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        kinds.forEach((k, v) -> parts.add(k + " " + v));
        return String.join(", ", parts);
    }

    private static String stages(Map<FileStage, Integer> stages) {
        List<String> parts = new ArrayList<>();
        stages.forEach((stage, n) -> parts.add(n + " " + switch (stage) {
            case WRITING -> "being written";
            case COMPLETE -> "waiting for compression";
            case ARCHIVING -> "archive being written";
            case ARCHIVED -> "archived";
        }));
        return String.join(", ", parts);
    }

    private static String span(long first, long last) {
        if (first > last) {
            return "none (no record has a timestamp)";
        }
        return EpochNanos.toInstant(first) + " .. " + EpochNanos.toInstant(last) + " (" + length(last - first) + ")";
    }

    /** Whole units when exact (2m, 1s), else seconds to the millisecond: nanosecond stamps are never round. */
    private static String length(long nanos) {
        if (nanos % 1_000_000 == 0) {
            return Durations.format(Duration.ofNanos(nanos));
        }
        return String.format(java.util.Locale.ROOT, "%.3fs", nanos / 1e9);
    }

    /** A manifest value in a few characters: arrays of named entries by their names, others by size. */
    private static String brief(JsonNode v) {
        if (v.isValueNode()) {
            return v.asText();
        }
        if (v.isArray()) {
            List<String> names = new ArrayList<>();
            v.forEach(x -> names.add(x.path("name").asText("")));
            return names.stream().allMatch(n -> !n.isEmpty()) ? names.toString() : "[" + v.size() + " entries]";
        }
        return v.toString();
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private Path base() {
        return Files.isDirectory(dir) ? dir : dir.toAbsolutePath().getParent();
    }

    private String indexState() {
        Path index = base().resolve(INDEX);
        return Files.exists(index) ? "present (" + index + ")" : "none";
    }

    /** The manifest as flat key=value pairs; read as plain JSON, whatever fields it has. */
    private String manifest() {
        Path file = org.nsr.layout.ManifestFile.of(base()); // read as plain JSON: any version, any fields
        if (!Files.exists(file)) {
            return "none";
        }
        try {
            JsonNode node = new ObjectMapper().readTree(file.toFile());
            if (node == null || !node.isObject()) {
                return file + " (not a JSON object)";
            }
            List<String> parts = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                parts.add(e.getKey() + "=" + brief(e.getValue()));
            }
            return file + ": " + String.join(", ", parts);
        } catch (IOException e) {
            return file + " (unreadable: " + e.getMessage().lines().findFirst().orElse("") + ")";
        }
    }
}
