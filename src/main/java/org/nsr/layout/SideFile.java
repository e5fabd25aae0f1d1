package org.nsr.layout;

import java.nio.file.Path;

/**
 * Files that live beside a recording file and share its name: what the writer knows about it, and
 * an archive that recovery moved aside. Their suffixes are spelled here and nowhere else.
 */
public enum SideFile {
    /** The writer's {@link FileFacts} until the archive carries them: {@code <stamp>_<source>.json.facts}. */
    FACTS(FileStage.COMPLETE.suffix() + ".facts"),
    /**
     * An archive that did not hold what its {@code .json} holds, kept for a person to look at:
     * {@code <stamp>_<source>_json.zip.mismatch}, then {@code .mismatch1}, {@code .mismatch2}, …
     */
    MISMATCHED_ARCHIVE(FileStage.ARCHIVED.suffix() + ".mismatch"),
    /**
     * The columnar flow sidecar of an archive: {@code <stamp>_<source>.cols},
     * published after the archive, deleted with it; the archive stays the source of truth.
     */
    COLUMNS(".cols"),
    /** The column sidecar while the writer writes its file: {@code <stamp>_<source>.cols.part}. */
    COLUMNS_WRITING(".cols.part"),
    /** The column sidecar of a published {@code .json}, waiting for its archive: {@code .cols.pending}. */
    COLUMNS_PENDING(".cols.pending");

    private final String suffix;

    SideFile(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }

    /** The side file's name for {@code name}. */
    public String fileName(RecordingFileName name) {
        return name.stamp() + "_" + name.stream() + suffix;
    }

    /** The side file of {@code name} in {@code dir}. */
    public Path in(Path dir, RecordingFileName name) {
        return dir.resolve(fileName(name));
    }

    /**
     * The {@code n}th free place to move a mismatched archive to ({@code n} = 0 is the plain suffix);
     * only for {@link #MISMATCHED_ARCHIVE}.
     */
    public Path numbered(Path dir, RecordingFileName name, int n) {
        return dir.resolve(fileName(name) + (n == 0 ? "" : Integer.toString(n)));
    }

    /** The recording file a side file name belongs to, or null when {@code fileName} is not this side file. */
    public RecordingFileName owner(String fileName) {
        if (!fileName.endsWith(suffix)) {
            return null;
        }
        String base = fileName.substring(0, fileName.length() - suffix.length()) + FileStage.COMPLETE.suffix();
        RecordingFileName.ParsedName parsed = RecordingFileName.parse(base);
        return parsed == null ? null : parsed.name();
    }
}
