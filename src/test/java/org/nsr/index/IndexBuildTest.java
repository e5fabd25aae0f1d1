package org.nsr.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.archive.ArchiveReader;
import org.nsr.config.IndexSettings;
import org.nsr.layout.FileStage;
import org.nsr.record.codec.Ipv4;
import org.nsr.replay.RecordingFile;
import org.nsr.replay.RecordingIndex;
import org.nsr.replay.columns.ColumnBuild;
import org.nsr.testing.RecordingWriter;

/**
 * {@code nsr index} holds each file's entries as primitive rows and merges them straight into
 * level-0 files, on several threads: its index must hold exactly what the recorder's path (one
 * memory table per file, flushed and merged by the store) holds, whatever the threads, the number
 * of flushes and merges, and whether files are read from sidecars or inflated.
 */
class IndexBuildTest {
    private static final LocalDateTime T0 = LocalDateTime.of(2026, 3, 1, 12, 0, 0);
    private static final long S = 1_000_000_000L;
    private static final IndexSettings SETTINGS = IndexSettings.DEFAULT;

    @TempDir
    Path dir;

    /** Eight files; keys recur within and across files, with gaps past the inactivity timeout. */
    private void writeRecording() throws Exception {
        Random rnd = new Random(5);
        long ns = T0.toInstant(ZoneOffset.UTC).toEpochMilli() * 1_000_000L;
        List<int[]> common = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            common.add(new int[] {6, 0x0A000000 | rnd.nextInt(64), 1024 + rnd.nextInt(4), 0xC0A80000 | rnd.nextInt(8),
                443});
        }
        for (int file = 0; file < 8; file++) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                // mostly dense, now and then a jump past the 30 s timeout inside the file
                ns += rnd.nextInt(500) == 0 ? 40 * S : rnd.nextInt(20_000_000);
                int[] f = rnd.nextInt(3) == 0 ? common.get(rnd.nextInt(common.size()))
                        : new int[] {rnd.nextBoolean() ? 6 : 17, 0x0A000000 | rnd.nextInt(1 << 12), rnd.nextInt(65536),
                            0xC0A80000 | rnd.nextInt(256), rnd.nextBoolean() ? 53 : rnd.nextInt(65536)};
                if (rnd.nextBoolean()) {
                    f = new int[] {f[0], f[3], f[4], f[1], f[2]}; // the reverse direction gives the same keys
                }
                lines.add(RecordingWriter.generatorLine(1, ns, Ipv4.dotted(f[1]), Ipv4.dotted(f[3]), f[2], f[4], f[0],
                        3, 100));
            }
            RecordingWriter.writeZip(dir, T0.plus(Duration.ofMinutes(5L * file)), "gen", lines);
        }
        // half the archives get a column sidecar: the others are inflated and parsed
        RecordingIndex index = RecordingIndex.scan(dir);
        int n = 0;
        for (RecordingFile f : index.allFiles()) {
            if (n++ % 2 == 0) {
                assertEquals(ColumnBuild.Outcome.BUILT, ColumnBuild.build(index, f, new ArchiveReader()), f.toString());
            }
        }
    }

    /** The recorder's path: each file keyed into memory tables, added to the stores, flushed, merged. */
    private Path referenceIndex() throws Exception {
        Path root = dir.resolveSibling(dir.getFileName() + "-reference");
        List<IndexKind> kinds = SETTINGS.keys().stream().map(IndexKind::byName).toList();
        MemoryBudget budget = new MemoryBudget(Long.MAX_VALUE);
        ArchiveIndexing a = new ArchiveIndexing(kinds, SETTINGS.inactivityTimeout().toNanos(), budget,
                root.resolve("spill"));
        List<IndexStore> stores = new ArrayList<>();
        for (IndexKind k : kinds) {
            stores.add(IndexStore.open(k, root));
        }
        for (RecordingFiles.File f : RecordingFiles.list(dir).byName().values()) {
            IndexFile[] tables = a.index(f.path(), f.name());
            for (int i = 0; i < kinds.size(); i++) {
                stores.get(i).add(new MemoryTable(tables[i]));
            }
        }
        for (IndexStore s : stores) {
            s.flush();
        }
        return root;
    }

    private void assertSameContent(Path referenceRoot, String what) throws Exception {
        for (IndexKind k : IndexKind.values()) {
            Map<String, List<Interval>> want = IndexContent.ofRoot(referenceRoot, k);
            Map<String, List<Interval>> got = IndexContent.of(dir, k);
            assertTrue(want.size() > 100, k.configName() + " has entries");
            assertEquals(want, got, what + ": " + k.configName());
        }
        IndexCheck.Report report = IndexCheck.check(dir);
        assertTrue(report.ok(), what + ": " + report.faults());
    }

    private void deleteIndex() throws Exception {
        try (var s = Files.walk(IndexLayout.root(dir))) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void aBuildHoldsWhatTheRecordersMemoryTablesHoldWithOneOrThreeThreadsAndOneOrManyFlushes() throws Exception {
        writeRecording();
        Path reference = referenceIndex();

        IndexBuild.Result one = new IndexBuild(dir, SETTINGS, 1, Long.MAX_VALUE).run((d, t, f) -> { });
        assertEquals(8, one.filesIndexed());
        assertEquals(24_000, one.flows());
        assertEquals(1, IndexStore.open(IndexKind.IP, IndexLayout.root(dir)).files().size(),
                "everything fits: one level-0 file a kind");
        assertSameContent(reference, "one thread, one flush");

        deleteIndex();
        // a tiny entry limit writes a level-0 file after every recording file, and merges come from them
        IndexSettings fanout3 = new IndexSettings(SETTINGS.keys(), SETTINGS.inactivityTimeout(), 3,
                SETTINGS.flushInterval(), SETTINGS.memoryBytes());
        IndexBuild.Result three = new IndexBuild(dir, fanout3, 3, 1).run((d, t, f) -> { });
        assertEquals(24_000, three.flows());
        assertTrue(three.merges() >= 4, "merges: " + three.merges());
        assertSameContent(reference, "three threads, a flush a file, merges");
    }

    @Test
    void aBuildThatFindsPartOfTheRecordingIndexedCompletesItToTheSameContent() throws Exception {
        writeRecording();
        Path reference = referenceIndex();
        Path aside = dir.resolveSibling(dir.getFileName() + "-aside");
        Files.createDirectories(aside);
        List<RecordingFiles.File> files = new ArrayList<>(RecordingFiles.list(dir).byName().values());
        RecordingFiles.File held = files.get(5);
        assertEquals(FileStage.ARCHIVED, held.stage());
        Path moved = aside.resolve(held.path().getFileName());
        Files.move(held.path(), moved);

        IndexBuild.Result first = new IndexBuild(dir, SETTINGS, 2, Long.MAX_VALUE).run((d, t, f) -> { });
        assertEquals(7, first.filesIndexed());
        Files.move(moved, held.path());
        List<Integer> progress = new ArrayList<>();
        IndexBuild.Result second = new IndexBuild(dir, SETTINGS, 2, Long.MAX_VALUE).run((d, t, f) -> progress.add(d));
        assertEquals(1, second.filesIndexed(), "only the file no index covers is read");
        assertEquals(List.of(1), progress);
        assertSameContent(reference, "completed");
    }
}
