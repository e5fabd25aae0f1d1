package org.nsr.index;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an index holds, whatever files it is split into: per kind, every stored key with all its
 * intervals (from every file and level), sorted. Two builds are equal in content when these are.
 * {@link #main} prints one digest line per kind, to compare builds of a large recording.
 */
final class IndexContent {
    private IndexContent() {
    }

    /** Key (hex) to its sorted intervals, over every file of the kind's index under {@code dir}. */
    static Map<String, List<Interval>> of(Path dir, IndexKind kind) throws IOException {
        return ofRoot(IndexLayout.root(dir), kind);
    }

    /** As {@link #of}, for the index under {@code indexRoot}. */
    static Map<String, List<Interval>> ofRoot(Path indexRoot, IndexKind kind) throws IOException {
        IndexStore s = IndexStore.open(kind, indexRoot);
        Map<String, List<Interval>> out = new TreeMap<>();
        for (IndexFile f : s.files()) {
            IndexFile.Cursor c = f.cursor();
            while (c.next()) {
                out.computeIfAbsent(HexFormat.of().formatHex(c.key), k -> new ArrayList<>()).addAll(c.intervals);
            }
        }
        out.values().forEach(l -> l.sort(null));
        return out;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        for (IndexKind k : IndexKind.values()) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            long entries = 0;
            long intervals = 0;
            for (Map.Entry<String, List<Interval>> e : of(dir, k).entrySet()) {
                entries++;
                md.update(e.getKey().getBytes());
                for (Interval iv : e.getValue()) {
                    intervals++;
                    md.update((iv.startNanos() + " " + iv.endNanos() + " " + iv.archive() + ";").getBytes());
                }
            }
            System.out.println(k.configName() + " entries " + entries + " intervals " + intervals + " sha256 "
                    + HexFormat.of().formatHex(md.digest()).substring(0, 16));
        }
    }
}
