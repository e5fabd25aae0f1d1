package org.nsr.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.nsr.config.ConfigException;
import org.nsr.layout.FileStage;
import org.nsr.layout.RecordingFileName;

/**
 * The files of a recording directory, by source and in time order, as
 * {@link RecordingFileName#parse} names them. Files that are not recording files are ignored.
 *
 * <p>A stamp can exist in more than one stage while the recorder is working on it: the complete
 * {@code .json} stays until its archive is final. For each stamp the index keeps the one copy to
 * read: the final archive, else the complete file, else the file being written. An archive still
 * being written ({@code _json.zip.part}) is only read when nothing else holds that stamp, which
 * happens only after a crash; such archives are listed in {@link #incompleteArchives()}.
 *
 * <p>Immutable after {@link #scan}.
 */
public final class RecordingIndex {
    private final Path root;
    private final Map<String, List<RecordingFile>> bySource;
    private final List<RecordingFile> incompleteArchives;

    private RecordingIndex(Path root, Map<String, List<RecordingFile>> bySource, List<RecordingFile> incomplete) {
        this.root = root;
        this.bySource = bySource;
        this.incompleteArchives = incomplete;
    }

    /**
     * Lists {@code dirOrFile}: a recording directory, or a single recording file.
     *
     * @throws ConfigException when it does not exist, is unreadable, holds no recording files, or is a
     *     file without a recording name
     */
    public static RecordingIndex scan(Path dirOrFile) throws ConfigException {
        if (!Files.exists(dirOrFile)) {
            throw new ConfigException("DIR: " + dirOrFile + " does not exist; expected a recording directory "
                    + "or a recording file");
        }
        List<Path> candidates = new ArrayList<>();
        if (Files.isDirectory(dirOrFile)) {
            try (Stream<Path> s = Files.list(dirOrFile)) {
                s.filter(Files::isRegularFile).forEach(candidates::add);
            } catch (IOException e) {
                throw new ConfigException("DIR: " + dirOrFile + " cannot be listed (" + e.getMessage()
                        + "); expected a readable recording directory", e);
            }
        } else {
            if (RecordingFileName.parse(dirOrFile.getFileName().toString()) == null) {
                throw new ConfigException("DIR: " + dirOrFile + " is not a recording file; expected a directory or "
                        + "a file named <yyyy_MM_dd_HH-mm-ss>_<source>.json[.part] or _json.zip");
            }
            if (!Files.isReadable(dirOrFile)) {
                throw new ConfigException("DIR: " + dirOrFile + " is not readable");
            }
            candidates.add(dirOrFile);
        }
        Map<String, Map<RecordingFileName, RecordingFile>> chosen = new TreeMap<>();
        List<RecordingFile> incomplete = new ArrayList<>();
        for (Path p : candidates) {
            RecordingFileName.ParsedName parsed = RecordingFileName.parse(p.getFileName().toString());
            if (parsed == null) {
                continue;
            }
            RecordingFile f = new RecordingFile(p, parsed.name(), parsed.stage(), size(p));
            if (f.stage() == FileStage.ARCHIVING) {
                incomplete.add(f);
            }
            chosen.computeIfAbsent(f.source(), k -> new TreeMap<>())
                    .merge(f.name(), f, (a, b) -> preference(a) >= preference(b) ? a : b);
        }
        if (chosen.isEmpty()) {
            throw new ConfigException("DIR: " + dirOrFile + " holds no recording files; expected files named "
                    + "<yyyy_MM_dd_HH-mm-ss>_<source>.json, .json.part or _json.zip");
        }
        Map<String, List<RecordingFile>> bySource = new TreeMap<>();
        chosen.forEach((source, files) -> bySource.put(source, List.copyOf(files.values())));
        Collections.sort(incomplete);
        return new RecordingIndex(dirOrFile, Collections.unmodifiableMap(bySource), List.copyOf(incomplete));
    }

    /** Higher is preferred when two stages hold the same stamp. */
    private static int preference(RecordingFile f) {
        return switch (f.stage()) {
            case ARCHIVED -> 3;
            case COMPLETE -> 2;
            case WRITING -> 1;
            case ARCHIVING -> 0;
        };
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    public Path root() {
        return root;
    }

    /** Source names, sorted. */
    public List<String> sources() {
        return List.copyOf(bySource.keySet());
    }

    /** The files to read for {@code source}, in time order; empty for an unknown source. */
    public List<RecordingFile> files(String source) {
        return bySource.getOrDefault(source, List.of());
    }

    /** Every file to read, by source then time. */
    public List<RecordingFile> allFiles() {
        List<RecordingFile> all = new ArrayList<>();
        bySource.values().forEach(all::addAll);
        return all;
    }

    /** Archives whose compression never finished (only read when no other copy of the stamp exists). */
    public List<RecordingFile> incompleteArchives() {
        return incompleteArchives;
    }

    public boolean isEmpty() {
        return bySource.isEmpty();
    }
}
