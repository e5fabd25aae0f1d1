package org.nsr.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.nsr.layout.FileStage;
import org.nsr.layout.RecordingFileName;

/**
 * The recording files of a directory by name ({@code <stamp>_<source>}, what index entries name),
 * each with the one copy to read: the archive, else the complete file, else the file being
 * written. A snapshot of one listing; names sort by source then time.
 */
public final class RecordingFiles {
    /** A recording file: its index name, where it is and its stage. */
    public record File(String name, RecordingFileName fileName, Path path, FileStage stage) {
        /** True when it is final: archived or complete (a {@code .part} may still grow). */
        public boolean complete() {
            return stage == FileStage.ARCHIVED || stage == FileStage.COMPLETE;
        }
    }

    private final Map<String, File> byName;

    private RecordingFiles(Map<String, File> byName) {
        this.byName = byName;
    }

    public static RecordingFiles list(Path dir) throws IOException {
        Map<String, File> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                RecordingFileName.ParsedName parsed = RecordingFileName.parse(p.getFileName().toString());
                if (parsed == null || !Files.isRegularFile(p)) {
                    continue;
                }
                String name = nameOf(parsed.name());
                File f = new File(name, parsed.name(), p, parsed.stage());
                File old = out.get(name);
                if (old == null || rank(f.stage()) > rank(old.stage())) {
                    out.put(name, f);
                }
            }
        }
        return new RecordingFiles(out);
    }

    /** The name index entries use for a recording file. */
    public static String nameOf(RecordingFileName n) {
        return n.stamp() + "_" + n.stream();
    }

    private static int rank(FileStage s) {
        return switch (s) {
            case ARCHIVED -> 4;
            case COMPLETE -> 3;
            case WRITING -> 2;
            case ARCHIVING -> 1;
        };
    }

    public Map<String, File> byName() {
        return byName;
    }

    public File get(String name) {
        return byName.get(name);
    }
}
