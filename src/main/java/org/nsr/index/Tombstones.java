package org.nsr.index;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.nsr.layout.FileSync;

/**
 * Recording files retention deleted whose entries may still be in index files, one name a line in
 * {@code .nsr/index/tombstones}. Lookups ignore them; merges drop their entries, after which the
 * tombstone goes. Written atomically. Thread-safe.
 */
final class Tombstones {
    static final String FILE_NAME = "tombstones";
    private final Path file;
    private volatile Set<String> names;

    private Tombstones(Path file, Set<String> names) {
        this.file = file;
        this.names = names;
    }

    static Tombstones read(Path indexRoot) throws IOException {
        Path f = indexRoot.resolve(FILE_NAME);
        Set<String> names = new TreeSet<>();
        if (Files.exists(f)) {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    names.add(line.trim());
                }
            }
        }
        return new Tombstones(f, Set.copyOf(names));
    }

    boolean contains(String name) {
        return names.contains(name);
    }

    Set<String> names() {
        return names;
    }

    synchronized void add(Set<String> more) throws IOException {
        Set<String> next = new TreeSet<>(names);
        if (next.addAll(more)) {
            write(next);
        }
    }

    /** Keeps only the tombstones some index file still names. */
    synchronized void retainOnly(Set<String> stillNamed) throws IOException {
        Set<String> next = new TreeSet<>(names);
        if (next.retainAll(stillNamed)) {
            write(next);
        }
    }

    private void write(Set<String> next) throws IOException {
        Files.createDirectories(file.getParent());
        FileSync.writeAtomically(file, (String.join("\n", next) + (next.isEmpty() ? "" : "\n"))
                .getBytes(StandardCharsets.UTF_8));
        names = Set.copyOf(next);
    }
}
