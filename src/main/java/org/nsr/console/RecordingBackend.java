package org.nsr.console;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nsr.index.IndexKind;
import org.nsr.index.Lookup;
import org.nsr.index.RecordingFiles;
import org.nsr.layout.FileStage;
import org.nsr.record.codec.LineKind;
import org.nsr.record.codec.LineKinds;

/**
 * The console over a recording directory (also the stored part of a recorder's console): queries
 * go through {@link Lookup}, as {@code nsr lookup} does, so both print the same records.
 * Thread-safe: every call lists the directory afresh and uses its own Lookup.
 */
public class RecordingBackend implements ConsoleBackend {
    private final Path dir;

    public RecordingBackend(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void lookup(Command.Query q, OutputStream out) throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("query cancelled");
        }
        new Lookup(dir).run(new Lookup.Query(q.kind(), q.key(), q.fromNanos(), q.toNanos(), true), out);
    }

    @Override
    public Path exportsDir() {
        return dir.resolve("exports");
    }

    @Override
    public List<String> show(Command.Topic topic) throws IOException {
        return switch (topic) {
            case STATS -> stats();
            case SOURCES -> sources();
            case INDEX -> index();
            case CLASSES -> classes();
            case SUBSCRIPTIONS -> List.of();
        };
    }

    @Override
    public List<String> sourceNames() {
        try {
            return List.copyOf(bySource().keySet());
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    private List<String> stats() throws IOException {
        RecordingFiles files = RecordingFiles.list(dir);
        Map<FileStage, Integer> byStage = new TreeMap<>();
        long bytes = 0;
        for (RecordingFiles.File f : files.byName().values()) {
            byStage.merge(f.stage(), 1, Integer::sum);
            bytes += Files.size(f.path());
        }
        return List.of("recording " + dir + ": files=" + files.byName().size() + " " + byStage.toString()
                .toLowerCase(java.util.Locale.ROOT) + " bytes=" + bytes + " sources=" + bySource().size());
    }

    private List<String> sources() throws IOException {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, List<RecordingFiles.File>> e : bySource().entrySet()) {
            List<RecordingFiles.File> fs = e.getValue();
            out.add(e.getKey() + " files=" + fs.size() + " first=" + fs.get(0).fileName().stamp() + " last="
                    + fs.get(fs.size() - 1).fileName().stamp());
        }
        return out;
    }

    private List<String> index() throws IOException {
        List<String> out = new ArrayList<>();
        int total = RecordingFiles.list(dir).byName().size();
        for (IndexKind k : IndexKind.values()) {
            int notCovered = new Lookup(dir).notCovered(k).size();
            out.add(k.configName() + " key=\"" + k.expectedForm() + "\" covered_files=" + (total - notCovered)
                    + " not_covered=" + notCovered);
        }
        return out;
    }

    private static List<String> classes() {
        List<String> out = new ArrayList<>();
        for (LineKind k : LineKinds.standard().all()) {
            out.add(k.name());
        }
        return out;
    }

    private Map<String, List<RecordingFiles.File>> bySource() throws IOException {
        Map<String, List<RecordingFiles.File>> out = new TreeMap<>();
        for (RecordingFiles.File f : RecordingFiles.list(dir).byName().values()) {
            out.computeIfAbsent(f.fileName().source(), s -> new ArrayList<>()).add(f);
        }
        return out;
    }
}
