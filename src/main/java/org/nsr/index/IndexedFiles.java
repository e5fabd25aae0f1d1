package org.nsr.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * For readers whose filter pins one IP ({@code query --ip}, {@code replay --ip}): the recording
 * files that can hold its flows, by the {@code ip} index: those its intervals name, plus every
 * file the index does not cover yet. Reading only these gives the same answer as reading all.
 */
public final class IndexedFiles {
    private IndexedFiles() {
    }

    /**
     * The names ({@code <stamp>_<source>}) of the files to read, or null when the recording has no
     * {@code ip} index (then every file is read).
     *
     * @param toNanos inclusive
     */
    public static Set<String> forIp(Path dir, int ip, long fromNanos, long toNanos) throws IOException {
        if (!Files.isDirectory(IndexLayout.root(dir).resolve(IndexKind.IP.configName()))) {
            return null;
        }
        byte[] key = new byte[IndexKind.IP.width()];
        IndexKind.putInt(key, 0, ip);
        Lookup lookup = new Lookup(dir);
        Set<String> out = new HashSet<>(lookup.notCovered(IndexKind.IP));
        lookup.intervals(IndexKind.IP, key, fromNanos, toNanos).forEach(iv -> out.add(iv.archive()));
        return out;
    }
}
