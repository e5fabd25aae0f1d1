package org.nsr.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build's primitive-row path writes exactly the bytes the {@link Interval} path writes. */
class IndexFileWriterRowsTest {
    @TempDir
    Path dir;

    /** Rows of one file: keys drawn from a small space so files share keys and keys repeat. */
    private static FileEntries randomFile(Random rnd, String archive, int keys) {
        long[] distinct = rnd.longs(keys, 0, 1L << 20).map(k -> (k * 4099) & 0xFFFF_FFFFL).sorted().distinct()
                .toArray();
        int cap = distinct.length * 3;
        long[] rowKeys = new long[cap];
        int[] start = new int[cap];
        int[] len = new int[cap];
        int rows = 0;
        for (long k : distinct) {
            int n = 1 + (rnd.nextInt(5) == 0 ? rnd.nextInt(3) : 0);
            for (int j = 0; j < n; j++) {
                rowKeys[rows] = k << 32; // the key's 4 bytes from the top byte, as FileEntries holds them
                start[rows] = rnd.nextInt(600);
                len[rows] = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(120);
                rows++;
            }
        }
        return new FileEntries(IndexKind.CONNECTION4, archive, rows, rowKeys, 1_700_000_000L + rnd.nextInt(1000),
                start, len);
    }

    @Test
    void mergedRowsWriteTheSameBytesAsTheSameEntriesAddedAsIntervals() throws Exception {
        Random rnd = new Random(11);
        List<FileEntries> files = new ArrayList<>();
        List<String> archives = new ArrayList<>();
        for (int f = 0; f < 4; f++) {
            String name = "2026-12-02_07-" + (10 + f) + "-00.jsonl.zip";
            archives.add(name);
            files.add(randomFile(rnd, name, 3000 + f * 1000)); // several blocks of 4096 entries
        }
        Map<Long, List<Interval>> byKey = new TreeMap<>(Long::compareUnsigned);
        for (FileEntries e : files) {
            for (int i = 0; i < e.rows; i++) {
                long s = e.baseUnit + e.start[i];
                byKey.computeIfAbsent(e.keys[i], k -> new ArrayList<>()).add(
                        new Interval(BlockCodec.startOfUnit(s), BlockCodec.endOfUnit(s + e.len[i]), e.archive));
            }
        }
        Path viaIntervals = dir.resolve("intervals.idx");
        try (IndexFileWriter w = IndexFileWriter.toFile(viaIntervals, IndexKind.CONNECTION4, 0, archives, List.of())) {
            for (Map.Entry<Long, List<Interval>> en : byKey.entrySet()) {
                byte[] key = new byte[4];
                IndexKind.putInt(key, 0, (int) (en.getKey() >>> 32));
                w.add(key, en.getValue());
            }
            w.finish();
        }
        Path viaRows = dir.resolve("rows.idx");
        IndexFile rows;
        try (IndexFileWriter w = IndexFileWriter.toFile(viaRows, IndexKind.CONNECTION4, 0, archives, List.of())) {
            FileEntries.merge(files, w);
            rows = w.finish();
        }
        assertEquals(byKey.size(), rows.entries());
        assertArrayEquals(Files.readAllBytes(viaIntervals), Files.readAllBytes(viaRows));
    }
}
