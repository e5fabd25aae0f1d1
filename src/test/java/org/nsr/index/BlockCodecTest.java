package org.nsr.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Format 4 blocks: Rice-coded keys kept outside the deflated interval columns, starts per archive. */
class BlockCodecTest {
    @TempDir
    Path dir;

    /** One random block: sorted distinct keys, 1..4 intervals an entry over sparse archive ids. */
    private record Block(int n, byte[] keys, int[] ivFrom, int[] archive, long[] start, long[] len) {
        static Block random(Random rnd, int n, int archives) {
            TreeSet<Long> distinct = new TreeSet<>();
            while (distinct.size() < n) {
                distinct.add(rnd.nextLong() & 0xFFFF_FFFFL);
            }
            byte[] keys = new byte[n * 4];
            int i = 0;
            for (long k : distinct) {
                IndexKind.putInt(keys, 4 * i++, (int) k);
            }
            int[] ivFrom = new int[n + 1];
            for (int e = 0; e < n; e++) {
                ivFrom[e + 1] = ivFrom[e] + 1 + (rnd.nextInt(10) == 0 ? rnd.nextInt(4) : 0);
            }
            int total = ivFrom[n];
            int[] archive = new int[total];
            long[] start = new long[total];
            long[] len = new long[total];
            for (int j = 0; j < total; j++) {
                archive[j] = rnd.nextInt(archives) * 7; // ids with gaps between them
                start[j] = 1_700_000_000L + archive[j] * 10L + rnd.nextInt(12);
                len[j] = rnd.nextInt(5) == 0 ? rnd.nextInt(100) : 0;
            }
            return new Block(n, keys, ivFrom, archive, start, len);
        }
    }

    private static BlockCodec.Decoded roundTrip(Block b, int[] lens) {
        byte[] bytes = new BlockCodec().encode(b.n, b.keys, b.ivFrom, b.archive, b.start, b.len, lens);
        BlockCodec.Decoded d = new BlockCodec.Decoded();
        new BlockCodec().decode(ByteBuffer.wrap(Arrays.copyOf(bytes, lens[0])), 0, lens[0], lens[1], d);
        return d;
    }

    @Test
    void blocksOfEverySizeAndManyArchivesDecodeToWhatWasEncoded() {
        Random rnd = new Random(11);
        for (int n : new int[] {0, 1, 2, 100, BlockCodec.ENTRIES_PER_BLOCK}) {
            for (int archives : new int[] {1, 3, 300}) {
                Block b = Block.random(rnd, n, archives);
                BlockCodec.Decoded d = roundTrip(b, new int[2]);
                String what = n + " entries over " + archives + " archives";
                assertEquals(n, d.n, what);
                assertArrayEquals(b.keys, Arrays.copyOf(d.keys, n * 4), what);
                assertArrayEquals(b.ivFrom, Arrays.copyOf(d.ivFrom, n + 1), what);
                int total = b.ivFrom[n];
                assertArrayEquals(b.archive, Arrays.copyOf(d.archive, total), what);
                assertArrayEquals(b.start, Arrays.copyOf(d.start, total), what);
                assertArrayEquals(b.len, Arrays.copyOf(d.len, total), what);
            }
        }
    }

    @Test
    void theKeysAreNotDeflatedAndAnIntervalWithinAShortFileCostsUnderFiveBits() {
        // what generator flows give: one interval a key, starts within a 10 s file, nearly all of length 0
        Random rnd = new Random(5);
        int n = BlockCodec.ENTRIES_PER_BLOCK;
        Block r = Block.random(rnd, n, 1);
        int[] ivFrom = new int[n + 1];
        long[] start = new long[n];
        long[] len = new long[n];
        for (int i = 0; i < n; i++) {
            ivFrom[i + 1] = i + 1;
            start[i] = 1_700_000_000L + rnd.nextInt(10);
            len[i] = rnd.nextInt(50) == 0 ? 1 + rnd.nextInt(3) : 0;
        }
        int[] lens = new int[2];
        byte[] bytes = new BlockCodec().encode(n, r.keys, ivFrom, new int[n], start, len, lens);
        // the key section as it is written: count, first key, Rice parameter, length, Rice bytes
        ByteBuffer kb = ByteBuffer.wrap(bytes, 0, lens[0]);
        assertEquals(n, Varints.read(kb));
        assertEquals(IndexKind.getInt(r.keys, 0), kb.getInt());
        int k = kb.get();
        long riceBytes = Varints.read(kb);
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = IndexKind.getInt(r.keys, 4 * i) & 0xFFFF_FFFFL;
        }
        assertEquals((RiceKeys.bits(v, n, k) + 7) / 8, riceBytes);
        int intervalBytes = lens[0] - kb.position() - (int) riceBytes;
        assertTrue(intervalBytes * 8 < 5 * n, intervalBytes + " deflated bytes for " + n + " intervals");
    }

    @Test
    void mergingLevelZeroFilesOfOneArchiveEachDoesNotMakeTheIndexLarger() throws Exception {
        // generator-like: every key new, one flow each, within its 10 s file
        Random rnd = new Random(13);
        List<IndexFile> inputs = new java.util.ArrayList<>();
        long inputBytes = 0;
        List<String> archives = List.of("2025_08_22_10-00-00_gen", "2025_08_22_10-00-10_gen", "2025_08_22_10-00-20_gen");
        for (int f = 0; f < archives.size(); f++) {
            java.util.Map<Key, List<Interval>> m = new java.util.HashMap<>();
            long t0 = 1_755_856_800_000_000_000L + f * 10_000_000_000L;
            for (int i = 0; i < 30_000; i++) {
                byte[] k = new byte[IndexKind.CONNECTION4.width()];
                rnd.nextBytes(k);
                long t = t0 + (long) (rnd.nextDouble() * 10_000_000_000L);
                m.put(new Key(k), List.of(new Interval(t, t, archives.get(f))));
            }
            IndexFile in = IndexFileTest.write(dir.resolve(IndexFile.fileName(0, f + 1)),
                    new MemoryTable(IndexKind.CONNECTION4, m, java.util.Set.of(archives.get(f))));
            inputs.add(in);
            inputBytes += in.sizeBytes();
        }
        IndexFile merged;
        try (IndexFileWriter w = IndexFileWriter.toFile(dir.resolve(IndexFile.fileName(1, 4)), IndexKind.CONNECTION4,
                1, archives, List.of(1L, 2L, 3L))) {
            EntryMerge.merge(inputs, w, name -> false);
            merged = w.finish();
        }
        assertEquals(90_000, merged.intervals(), "every flow's interval is kept");
        assertTrue(merged.sizeBytes() <= inputBytes * 101 / 100, merged.sizeBytes() + " bytes merged from "
                + inputBytes);
    }

    @Test
    void aCutOrDamagedBlockIsRefusedWithAnIllegalArgument() {
        Block b = Block.random(new Random(9), 500, 4);
        int[] lens = new int[2];
        byte[] bytes = Arrays.copyOf(new BlockCodec().encode(b.n, b.keys, b.ivFrom, b.archive, b.start, b.len,
                lens), lens[0]);
        for (int cut = 0; cut < bytes.length; cut += 37) {
            int at = cut;
            assertThrows(IllegalArgumentException.class, () -> new BlockCodec().decode(ByteBuffer.wrap(bytes), 0, at,
                    lens[1], new BlockCodec.Decoded()), "cut at " + cut);
        }
        assertThrows(IllegalArgumentException.class, () -> new BlockCodec().decode(ByteBuffer.wrap(bytes), 0,
                bytes.length, lens[1] + 1, new BlockCodec.Decoded()), "a raw length the intervals do not have");
    }

    @Test
    void connection2IsStoredAsAFingerprintAndFoundByItsExactKey() throws Exception {
        Random rnd = new Random(21);
        MemoryTable t = IndexFileTest.randomTable(IndexKind.CONNECTION2, rnd, 3_000, List.of("a_x", "b_x"));
        IndexFile f = IndexFileTest.write(dir.resolve(IndexFile.fileName(0, 1)), t);
        assertEquals(4, IndexKind.CONNECTION2.storedWidth());
        for (int i = 0; i < 200; i++) {
            byte[] exact = new byte[IndexKind.CONNECTION2.width()];
            rnd.nextBytes(exact);
            assertEquals(t.lookup(exact), f.lookup(exact, Long.MIN_VALUE, Long.MAX_VALUE));
        }
        Key[] keys = t.keys();
        for (int i = 0; i < keys.length; i += 7) {
            assertEquals(t.entries()[i], f.lookup(keys[i].bytes, Long.MIN_VALUE, Long.MAX_VALUE));
        }
    }

    @Test
    void aFileOfAnEarlierFormatIsRefusedAsOutdatedSoItIsDeletedAndIndexedAgain() throws Exception {
        IndexFile f = IndexFileTest.write(dir.resolve(IndexFile.fileName(0, 1)),
                IndexFileTest.randomTable(IndexKind.CONNECTION4, new Random(1), 100, List.of("a_x")));
        for (String old : new String[] {"NSRIDX01", "NSRIDX02", "NSRIDX03"}) {
            try (FileChannel ch = FileChannel.open(f.path(), StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(old.getBytes(StandardCharsets.US_ASCII)), 0);
            }
            IndexFileException e = assertThrows(IndexFileException.class, () -> IndexFile.open(f.path(), false));
            assertTrue(e.outdated(), old + ": " + e.getMessage());
        }
    }
}
