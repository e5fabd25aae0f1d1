package org.nsr.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexFileTest {
    @TempDir
    Path dir;

    static MemoryTable randomTable(IndexKind kind, Random rnd, int keys, List<String> archives) {
        Map<Key, List<Interval>> m = new HashMap<>();
        for (int i = 0; i < keys; i++) {
            byte[] k = new byte[kind.width()];
            rnd.nextBytes(k);
            List<Interval> ivs = new ArrayList<>();
            for (int j = 0; j <= rnd.nextInt(3); j++) {
                long start = 1_700_000_000_000_000_000L + rnd.nextInt(1_000_000) * 1_000_000L;
                ivs.add(new Interval(start, start + rnd.nextInt(5_000) * 1_000_000L,
                        archives.get(rnd.nextInt(archives.size()))));
            }
            ivs.sort(null);
            m.put(new Key(k), ivs);
        }
        return new MemoryTable(kind, m, Set.copyOf(archives));
    }

    static IndexFile write(Path file, MemoryTable t) throws Exception {
        Key[] keys = t.keys();
        List<Interval>[] entries = t.entries();
        try (IndexFileWriter w = IndexFileWriter.toFile(file, t.kind, 0,
                new ArrayList<>(new java.util.TreeSet<>(t.archives)), List.of())) {
            for (int i = 0; i < keys.length; i++) {
                w.add(keys[i].bytes, entries[i]);
            }
            return w.finish();
        }
    }

    @Test
    void everyKeyWrittenIsFoundByBinarySearchAndAbsentKeysAreNot() throws Exception {
        Random rnd = new Random(7);
        MemoryTable t = randomTable(IndexKind.CONNECTION4, rnd, 5_000, List.of("a_x", "b_x", "c_y"));
        IndexFile f = write(dir.resolve(IndexFile.fileName(0, 1)), t);
        IndexFile reread = IndexFile.open(f.path(), true);
        assertEquals(5_000, reread.entries());
        assertEquals(List.of("a_x", "b_x", "c_y"), reread.archives());
        Key[] keys = t.keys();
        List<Interval>[] entries = t.entries();
        for (int i = 0; i < keys.length; i++) {
            assertEquals(entries[i], reread.lookup(keys[i].bytes, Long.MIN_VALUE, Long.MAX_VALUE));
        }
        for (int i = 0; i < 1_000; i++) {
            byte[] k = new byte[13];
            rnd.nextBytes(k);
            assertEquals(t.lookup(k), reread.lookup(k, Long.MIN_VALUE, Long.MAX_VALUE));
        }
        assertEquals(List.of(), reread.lookup(keys[0].bytes, Long.MIN_VALUE, reread.minTime() - 1),
                "a time range before the file's skips it");
    }

    @Test
    void aFlippedByteFailsTheChecksumAndACutFileFailsTheHeader() throws Exception {
        IndexFile f = write(dir.resolve(IndexFile.fileName(0, 1)), randomTable(IndexKind.IP, new Random(3), 500,
                List.of("a_x")));
        try (FileChannel ch = FileChannel.open(f.path(), StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, 400);
            one.put(0, (byte) (one.get(0) ^ 0x40)).position(0);
            ch.write(one, 400);
        }
        IndexFileException e = assertThrows(IndexFileException.class, () -> IndexFile.open(f.path(), true));
        assertTrue(e.getMessage().contains("body checksum"), e.getMessage());
        try (FileChannel ch = FileChannel.open(f.path(), StandardOpenOption.WRITE)) {
            ch.truncate(300);
        }
        assertThrows(IndexFileException.class, () -> IndexFile.open(f.path(), false));
    }

    @Test
    void aWriterThatDoesNotFinishLeavesNoIndexFile() throws Exception {
        Path target = dir.resolve(IndexFile.fileName(0, 1));
        try (IndexFileWriter w = IndexFileWriter.toFile(target, IndexKind.IP, 0, List.of("a_x"), List.of())) {
            w.add(new byte[4], List.of(new Interval(1, 2, "a_x")));
        }
        assertTrue(Files.notExists(target));
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count(), "no temporary file left either");
        }
    }
}
