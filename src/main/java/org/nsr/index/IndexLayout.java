package org.nsr.index;

import java.nio.file.Path;

/** Where a recording's index lives: {@code output_dir/.nsr/index/<kind>/L<level>-<seq>.idx}. */
public final class IndexLayout {
    private IndexLayout() {
    }

    public static Path root(Path outputDir) {
        return outputDir.resolve(".nsr").resolve("index");
    }
}
