package org.nsr.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The index of a recording as another process sees it, read-only: the valid files of one kind
 * (partial {@code .tmp} files, damaged files and files a merge already replaced are left out,
 * never deleted: the recorder may be writing them), and the tombstones. A file a running merge
 * deletes between listing and opening makes the listing start again. Immutable.
 */
final class IndexSnapshot {
    private static final int ATTEMPTS = 5;

    final IndexKind kind;
    final List<IndexFile> files;
    final Set<String> covered;
    final Set<String> tombstones;
    final int damaged;

    private IndexSnapshot(IndexKind kind, List<IndexFile> files, Set<String> tombstones, int damaged) {
        this.kind = kind;
        this.files = files;
        this.tombstones = tombstones;
        this.damaged = damaged;
        Set<String> c = new HashSet<>();
        files.forEach(f -> c.addAll(f.archives()));
        this.covered = c;
    }

    static IndexSnapshot read(Path outputDir, IndexKind kind) throws IOException {
        Path root = IndexLayout.root(outputDir);
        Path dir = root.resolve(kind.configName());
        for (int attempt = 1;; attempt++) {
            try {
                Set<String> tomb = Tombstones.read(root).names();
                if (!Files.isDirectory(dir)) {
                    return new IndexSnapshot(kind, List.of(), tomb, 0);
                }
                List<IndexFile> valid = new ArrayList<>();
                int damaged = 0;
                try (Stream<Path> s = Files.list(dir)) {
                    for (Path p : s.sorted().toList()) {
                        if (IndexFile.sequenceOf(p) < 0) {
                            continue;
                        }
                        try {
                            valid.add(IndexFile.open(p, false));
                        } catch (IndexFileException e) {
                            damaged++;
                        }
                    }
                }
                Set<Long> replaced = new HashSet<>();
                valid.forEach(f -> replaced.addAll(f.replaces()));
                List<IndexFile> live = valid.stream().filter(f -> !replaced.contains(f.sequence())).toList();
                return new IndexSnapshot(kind, live, tomb, damaged);
            } catch (NoSuchFileException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
