package org.nsr.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code nsr index DIR --check}: verifies every index file: header and body checksums, keys in
 * strictly ascending order inside the header's key range, intervals inside its time range, the
 * entry count, and that every recording file it names exists (or is a tombstone, waiting for a
 * merge). Partial {@code .tmp} files and files a merge already replaced are not in use and are
 * only reported. Read-only.
 */
public final class IndexCheck {
    /** The outcome: faults (each names the file), notes, and what was checked. */
    public record Report(List<String> faults, List<String> notes, int files, long entries) {
        public boolean ok() {
            return faults.isEmpty();
        }
    }

    private IndexCheck() {
    }

    public static Report check(Path outputDir) throws IOException {
        Path root = IndexLayout.root(outputDir);
        List<String> faults = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            faults.add("no index under " + root + "; build one with: nsr index " + outputDir);
            return new Report(faults, notes, 0, 0);
        }
        Set<String> tombstones = Tombstones.read(root).names();
        RecordingFiles files = RecordingFiles.list(outputDir);
        int checked = 0;
        long entries = 0;
        for (IndexKind kind : IndexKind.values()) {
            Path dir = root.resolve(kind.configName());
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<IndexFile> valid = new ArrayList<>();
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.sorted().toList()) {
                    if (p.getFileName().toString().endsWith(".tmp")) {
                        notes.add(p + ": partial file left by a crash; deleted at the next start");
                        continue;
                    }
                    if (IndexFile.sequenceOf(p) < 0) {
                        continue;
                    }
                    try {
                        IndexFile f = IndexFile.open(p, true);
                        if (f.kind() != kind) {
                            faults.add(p + ": holds " + f.kind().configName() + " entries in the " + kind.configName()
                                    + " directory");
                            continue;
                        }
                        valid.add(f);
                    } catch (IndexFileException e) {
                        if (e.outdated()) {
                            notes.add(e.getMessage());
                        } else {
                            faults.add(e.getMessage());
                        }
                    }
                }
            }
            Set<Long> replaced = new HashSet<>();
            valid.forEach(f -> replaced.addAll(f.replaces()));
            for (IndexFile f : valid) {
                if (replaced.contains(f.sequence())) {
                    notes.add(f.path() + ": already merged into a later file; deleted at the next start");
                    continue;
                }
                checked++;
                entries += f.entries();
                checkEntries(f, faults);
                for (String a : f.archives()) {
                    if (files.get(a) == null && !tombstones.contains(a)) {
                        faults.add(f.path() + ": names the recording file " + a + ", which does not exist");
                    }
                }
            }
        }
        return new Report(faults, notes, checked, entries);
    }

    private static void checkEntries(IndexFile f, List<String> faults) {
        IndexFile.Cursor c = f.cursor();
        byte[] prev = null;
        long n = 0;
        try {
            while (c.next()) {
                n++;
                if (prev != null && Arrays.compareUnsigned(prev, c.key) >= 0) {
                    faults.add(f.path() + ": entry " + n + " (" + f.kind().formatStored(c.key) + ") is not after the one "
                            + "before it");
                    return;
                }
                prev = c.key;
                for (Interval iv : c.intervals) {
                    if (iv.endNanos() < iv.startNanos() || iv.startNanos() < f.minTime() || iv.endNanos() > f.maxTime()) {
                        faults.add(f.path() + ": entry " + n + " has an interval outside the header's time range");
                        return;
                    }
                }
            }
            if (n != f.entries()) {
                faults.add(f.path() + ": holds " + n + " entries, its header says " + f.entries());
            }
        } catch (RuntimeException e) {
            faults.add(f.path() + ": entry " + (n + 1) + " cannot be read: " + e);
        }
    }
}
