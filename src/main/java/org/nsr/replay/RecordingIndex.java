package org.nsr.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.nsr.config.ConfigException;
import org.nsr.layout.FileStage;
import org.nsr.layout.ManifestFile;
import org.nsr.layout.RecordingManifest;
import org.nsr.layout.RecordingFileName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>The directory's {@link RecordingManifest} ({@code .nsr/recording.json}) is read when there is
 * one: it tells {@link FilePruner} the zones the names were stamped in. A directory without one
 * (an older recording, the original Python recorder's output) reads as before; an unreadable one
 * is logged once and read as if it were absent.
 *
 * <p>A directory that holds no recording files but subdirectories that do (the store of several
 * recorders of a Kafka group, one directory each) reads as one recording: each recorder's files
 * are their own stream {@code source@instance}, merged by time like any two sources.
 *
 * <p>Immutable after {@link #scan}.
 */
public final class RecordingIndex {
    private static final Logger log = LoggerFactory.getLogger(RecordingIndex.class);
    private final Path root;
    private final Map<String, List<RecordingFile>> bySource;
    private final List<RecordingFile> incompleteArchives;
    private final RecordingManifest manifest;

    private RecordingIndex(Path root, Map<String, List<RecordingFile>> bySource, List<RecordingFile> incomplete,
            RecordingManifest manifest) {
        this.root = root;
        this.bySource = bySource;
        this.incompleteArchives = incomplete;
        this.manifest = manifest;
    }

    /**
     * The same listing with only the files {@code keep} accepts (every source stays, perhaps with no
     * files): what a lookup in the recording's index narrows a read to.
     */
    public RecordingIndex retain(java.util.function.Predicate<RecordingFile> keep) {
        Map<String, List<RecordingFile>> kept = new TreeMap<>();
        bySource.forEach((source, files) -> kept.put(source, files.stream().filter(keep).toList()));
        return new RecordingIndex(root, kept, incompleteArchives.stream().filter(keep).toList(), manifest);
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
        Path manifestDir = dirOrFile;
        if (Files.isDirectory(dirOrFile)) {
            candidates.addAll(filesIn(dirOrFile));
            if (candidates.stream().noneMatch(RecordingIndex::isRecordingFile)) {
                // a store of several recorders (a Kafka group): one recording directory each, read as one
                List<Path> dirs = recordingDirsUnder(dirOrFile);
                for (Path d : dirs) {
                    candidates.addAll(filesIn(d));
                }
                manifestDir = dirs.isEmpty() ? dirOrFile : dirs.get(0);
            }
        } else {
            if (RecordingFileName.parse(dirOrFile.getFileName().toString()) == null) {
                throw new ConfigException("DIR: " + dirOrFile + " is not a recording file; expected a directory or "
                        + "a file named " + RecordingFileName.describePattern());
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
                    + RecordingFileName.describePattern());
        }
        Map<String, List<RecordingFile>> bySource = new TreeMap<>();
        chosen.forEach((source, files) -> bySource.put(source, List.copyOf(files.values())));
        Collections.sort(incomplete);
        Path dir = Files.isDirectory(dirOrFile) ? manifestDir : dirOrFile.toAbsolutePath().getParent();
        return new RecordingIndex(dirOrFile, Collections.unmodifiableMap(bySource), List.copyOf(incomplete),
                readManifest(dir));
    }

    private static boolean isRecordingFile(Path p) {
        return RecordingFileName.parse(p.getFileName().toString()) != null;
    }

    private static List<Path> filesIn(Path dir) throws ConfigException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException("DIR: " + dir + " cannot be listed (" + e.getMessage()
                    + "); expected a readable recording directory", e);
        }
    }

    /** The subdirectories of {@code parent} that hold recording files, sorted. */
    private static List<Path> recordingDirsUnder(Path parent) throws ConfigException {
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> s = Files.list(parent)) {
            for (Path d : s.filter(Files::isDirectory).sorted().toList()) {
                if (filesIn(d).stream().anyMatch(RecordingIndex::isRecordingFile)) {
                    dirs.add(d);
                }
            }
        } catch (IOException e) {
            throw new ConfigException("DIR: " + parent + " cannot be listed (" + e.getMessage()
                    + "); expected a readable recording directory", e);
        }
        return dirs;
    }

    private static RecordingManifest readManifest(Path dir) {
        try {
            return ManifestFile.read(dir).orElse(null);
        } catch (IOException e) {
            // The records are still readable: select files without the manifest's zones, as for an old recording.
            log.warn("recording manifest ignored: {}; files are selected as for a recording without one",
                    e.getMessage());
            return null;
        }
    }

    /** The directory's manifest; empty when it has none or it could not be used. */
    public Optional<RecordingManifest> manifest() {
        return Optional.ofNullable(manifest);
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
