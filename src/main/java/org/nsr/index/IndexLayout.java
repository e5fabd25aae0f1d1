package org.nsr.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where a recording's index lives: {@code output_dir/.nsr/index/<kind>/L<level>-<seq>.idx}, and
 * the sorted runs of tables too large for memory under {@code .nsr/index/spill/<pid>/}.
 */
public final class IndexLayout {
    private IndexLayout() {
    }

    public static Path root(Path outputDir) {
        return outputDir.resolve(".nsr").resolve("index");
    }

    /** This process's spill directory under {@code indexRoot}. */
    static Path spillDir(Path indexRoot) {
        return indexRoot.resolve("spill").resolve(Long.toString(ProcessHandle.current().pid()));
    }

    /** Deletes the spill directories of processes no longer running (left by a crash). */
    static int cleanSpill(Path indexRoot) throws IOException {
        Path spill = indexRoot.resolve("spill");
        if (!Files.isDirectory(spill)) {
            return 0;
        }
        int n = 0;
        try (Stream<Path> dirs = Files.list(spill)) {
            for (Path d : dirs.toList()) {
                long pid;
                try {
                    pid = Long.parseLong(d.getFileName().toString());
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive)
                        .orElse(false)) {
                    continue;
                }
                try (Stream<Path> walk = Files.walk(d)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                        n++;
                    }
                }
            }
        }
        return n;
    }
}
