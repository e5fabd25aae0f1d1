package org.nsr.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.archive.ArchiveReader;
import org.nsr.config.IndexSettings;
import org.nsr.record.codec.Ipv4;
import org.nsr.replay.RecordingFile;
import org.nsr.replay.RecordingIndex;
import org.nsr.replay.columns.ColumnBuild;
import org.nsr.testing.RecordingWriter;

/**
 * connection4 and connection3 index files hold 32-bit fingerprints of their keys, and lookups read
 * column sidecars to choose rows: answers must still equal full scans, also for a key whose
 * fingerprint another recorded key shares, and with or without sidecars.
 */
class FingerprintLookupTest {
    static final LocalDateTime T0 = LocalDateTime.of(2025, 8, 22, 10, 0, 0);

    @TempDir
    Path dir;

    /** Two different flows (proto, srcIp, srcPort, dstIp, dstPort) whose connection4 keys share a fingerprint. */
    static int[][] collidingFlows() {
        Random rnd = new Random(3);
        Map<Integer, int[]> seen = new HashMap<>();
        byte[] k = new byte[IndexKind.CONNECTION4.width()];
        while (true) {
            int[] f = {6, 0x0A000000 | rnd.nextInt(1 << 16), 1024 + rnd.nextInt(60_000), 0xC0A80000 | rnd.nextInt(256),
                443};
            IndexKind.CONNECTION4.keys(f[0], f[1], f[2], f[3], f[4], k, key -> { });
            int[] other = seen.putIfAbsent(IndexKind.fingerprint(k), f);
            if (other != null && !java.util.Arrays.equals(other, f)) {
                return new int[][] {other, f};
            }
        }
    }

    private static String line(long ns, int[] f, long bytes) {
        return RecordingWriter.generatorLine(1, ns, Ipv4.dotted(f[1]), Ipv4.dotted(f[3]), f[2], f[4], f[0], 3, bytes);
    }

    private static byte[] key(int[] f) {
        byte[] k = new byte[IndexKind.CONNECTION4.width()];
        IndexKind.CONNECTION4.keys(f[0], f[1], f[2], f[3], f[4], k, key -> { });
        return k;
    }

    /** Three archives of random flows; the first holds flow a twice, the third flow b once. */
    private void writeRecording(int[] a, int[] b) throws Exception {
        Random rnd = new Random(9);
        long ns = T0.toInstant(ZoneOffset.UTC).toEpochMilli() * 1_000_000L;
        for (int file = 0; file < 3; file++) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                ns += 1 + rnd.nextInt(2_000_000);
                int[] f = {rnd.nextBoolean() ? 6 : 17, 0x0A000000 | rnd.nextInt(1 << 20), rnd.nextInt(65536),
                    0xC0A80000 | rnd.nextInt(256), rnd.nextBoolean() ? 443 : rnd.nextInt(65536)};
                if ((file == 0 && (i == 100 || i == 4_000)) || (file == 2 && i == 2_500)) {
                    f = file == 0 ? a : b;
                }
                lines.add(line(ns, f, 40 + rnd.nextInt(100_000)));
            }
            RecordingWriter.writeZip(dir, T0.plusMinutes(file), "gen", lines);
        }
    }

    private void buildSidecars() throws Exception {
        RecordingIndex index = RecordingIndex.scan(dir);
        for (RecordingFile f : index.allFiles()) {
            assertEquals(ColumnBuild.Outcome.BUILT, ColumnBuild.build(index, f, new ArchiveReader()), f.toString());
        }
    }

    private void index() throws Exception {
        new IndexBuild(dir, IndexSettings.DEFAULT).run((done, total, flows) -> { });
        IndexCheck.Report report = IndexCheck.check(dir);
        assertTrue(report.ok(), report.faults().toString());
    }

    @Test
    void aKeyWhoseFingerprintAnotherKeySharesGetsOnlyItsOwnRecords() throws Exception {
        int[][] pair = collidingFlows();
        assertNotEquals(IndexKind.CONNECTION4.format(key(pair[0])), IndexKind.CONNECTION4.format(key(pair[1])));
        writeRecording(pair[0], pair[1]);
        index();
        for (boolean sidecars : new boolean[] {false, true}) {
            if (sidecars) {
                buildSidecars();
            }
            for (int[] f : pair) {
                String indexed = IndexedRecordingTest.lookup(dir, IndexKind.CONNECTION4, key(f), Long.MIN_VALUE,
                        Long.MAX_VALUE, true);
                String scanned = IndexedRecordingTest.lookup(dir, IndexKind.CONNECTION4, key(f), Long.MIN_VALUE,
                        Long.MAX_VALUE, false);
                assertEquals(scanned, indexed, "sidecars " + sidecars);
                assertEquals(f == pair[0] ? 2 : 1, indexed.lines().count(), "only the key's own records");
            }
        }
        // both keys name both files through their shared fingerprint; the sidecars say which holds which
        Lookup l = new Lookup(dir);
        l.run(new Lookup.Query(IndexKind.CONNECTION4, key(pair[1]), Long.MIN_VALUE, Long.MAX_VALUE, true),
                java.io.OutputStream.nullOutputStream());
        assertEquals(2, l.explain().filesOpened(), l.explain().toString());
        assertEquals(2, l.explain().sidecars(), l.explain().toString());
        assertEquals(1, l.explain().sidecarSkips(), l.explain().toString());
        assertEquals(1, l.explain().recordsRead(), "only the chosen row is parsed: " + l.explain());
    }

    @Test
    void theIntervalsOfAKeyWhoseFingerprintAnotherKeySharesNameOnlyTheFilesHoldingTheKeyItself() throws Exception {
        int[][] pair = collidingFlows();
        writeRecording(pair[0], pair[1]);
        index();
        List<String> names = new ArrayList<>(RecordingFiles.list(dir).byName().keySet());
        for (boolean sidecars : new boolean[] {false, true}) {
            if (sidecars) {
                buildSidecars();
            }
            List<Interval> a = new Lookup(dir).intervals(IndexKind.CONNECTION4, key(pair[0]), Long.MIN_VALUE,
                    Long.MAX_VALUE);
            List<Interval> b = new Lookup(dir).intervals(IndexKind.CONNECTION4, key(pair[1]), Long.MIN_VALUE,
                    Long.MAX_VALUE);
            assertEquals(List.of(names.get(0)), a.stream().map(Interval::archive).distinct().toList(),
                    "sidecars " + sidecars + ": " + a);
            assertEquals(List.of(names.get(2)), b.stream().map(Interval::archive).toList(),
                    "sidecars " + sidecars + ": " + b);
            // the fingerprint alone names both files
            IndexSnapshot snap = IndexSnapshot.read(dir, IndexKind.CONNECTION4);
            long files = snap.files.stream().flatMap(f -> f.lookup(key(pair[1]), Long.MIN_VALUE, Long.MAX_VALUE)
                    .stream()).map(Interval::archive).distinct().count();
            assertEquals(2, files);
        }
    }

    @Test
    void lookupsThroughSidecarsEqualFullScansOnRandomKeysOfEveryKindAndTimeRange() throws Exception {
        int[][] pair = collidingFlows();
        writeRecording(pair[0], pair[1]);
        buildSidecars();
        index();
        Random rnd = new Random(17);
        long t0 = T0.toInstant(ZoneOffset.UTC).toEpochMilli() * 1_000_000L;
        for (byte[][] sample : IndexedRecordingTest.sampleKeys(dir, rnd, 60)) {
            IndexKind kind = IndexKind.values()[sample[0][0]];
            long from = rnd.nextBoolean() ? Long.MIN_VALUE : t0 + rnd.nextInt(120) * 1_000_000_000L;
            long to = rnd.nextBoolean() ? Long.MAX_VALUE : from == Long.MIN_VALUE ? t0 + Duration.ofMinutes(2).toNanos()
                    : from + rnd.nextInt(60) * 1_000_000_000L;
            assertEquals(IndexedRecordingTest.lookup(dir, kind, sample[1], from, to, false),
                    IndexedRecordingTest.lookup(dir, kind, sample[1], from, to, true), kind.format(sample[1]));
        }
    }

    @Test
    void aSidecarThatNamesARowWithoutTheKeyMakesTheLookupReadTheWholeArchive() throws Exception {
        int[][] pair = collidingFlows();
        writeRecording(pair[0], pair[1]);
        buildSidecars();
        index();
        // the sidecar of file 2 put beside file 0, its archive size forged so that it is not refused
        List<RecordingFile> files = RecordingIndex.scan(dir).allFiles();
        Path first = ColumnBuild.sidecarOf(files.get(0));
        byte[] third = Files.readAllBytes(ColumnBuild.sidecarOf(files.get(2)));
        long size = Files.size(files.get(0).path());
        for (int i = 0; i < 8; i++) {
            third[8 + i] = (byte) (size >>> (8 * i)); // claim to belong to file 0
        }
        Files.write(first, third);
        // it names row 2,500 of file 0 for flow b, which there is another flow: file 0 is then read in full
        byte[] b = key(pair[1]);
        String indexed = IndexedRecordingTest.lookup(dir, IndexKind.CONNECTION4, b, Long.MIN_VALUE, Long.MAX_VALUE,
                true);
        assertEquals(IndexedRecordingTest.lookup(dir, IndexKind.CONNECTION4, b, Long.MIN_VALUE, Long.MAX_VALUE, false),
                indexed);
        assertEquals(1, indexed.lines().count());
    }
}
