package org.nsr.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.config.IndexSettings;
import org.nsr.metrics.Metrics;
import org.nsr.testing.FakeTicker;
import org.nsr.testing.RecordingWriter;

class IndexerMemoryTest {
    @TempDir
    Path dir;

    @Test
    void anArchiveWithMoreKeysThanTheMemoryBudgetIsIndexedBySpillingAndLookupsEqualFullScans() throws Exception {
        Random rnd = new Random(17);
        List<String> lines = new ArrayList<>();
        long t0 = IndexerTest.T0_MS * 1_000_000L;
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 250_000; i++) { // ~1 M (key, time) pairs of 16-24 bytes: far over 4 MiB
            String src = "192.168." + rnd.nextInt(256) + "." + rnd.nextInt(256);
            String dst = "10.100." + rnd.nextInt(256) + "." + rnd.nextInt(256);
            int sport = 1024 + rnd.nextInt(64_000);
            lines.add(RecordingWriter.generatorLine(i, t0 + i * 1_000_000L, src, dst, sport, 443, 6, 1, 100));
            if (i % 25_000 == 7) {
                keys.add("tcp " + src + ":" + sport + " " + dst + ":443");
            }
        }
        RecordingWriter.writeZip(dir, IndexerTest.T0, "gen", lines);
        Metrics metrics = new Metrics();
        IndexSettings settings = new IndexSettings(IndexSettings.KNOWN_KEYS, Duration.ofSeconds(30), 10,
                Duration.ofSeconds(1), 4L << 20);
        Indexer ix = new Indexer(dir, settings, new FakeTicker(Instant.parse("2025-08-22T11:00:00Z")), metrics);
        ix.startAsync().awaitRunning();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        long peak = 0;
        while (metrics.value("nsr_index_catchup_files_total") < 1
                || ix.stores().stream().anyMatch(s -> !s.covered().contains("2025_08_22_10-00-00_gen"))) {
            assertTrue(System.nanoTime() < deadline, "the archive was not indexed in 120 s");
            peak = Math.max(peak, (long) metrics.value("nsr_index_memory_bytes"));
            Thread.sleep(5); // polling a gauge with a deadline
        }
        ix.stopAsync().awaitTerminated(Duration.ofSeconds(30));
        assertTrue(peak <= (4L << 20) + (1L << 20), "memory stayed within the budget (one table over it at most): "
                + peak);
        IndexCheck.Report r = IndexCheck.check(dir);
        assertTrue(r.ok(), r.faults().toString());
        try (var s = Files.list(IndexLayout.root(dir).resolve("connection4"))) {
            assertTrue(s.count() >= 1);
        }
        for (String k : keys) {
            byte[] key = IndexKind.CONNECTION4.parse(k);
            String indexed = IndexedRecordingTest.lookup(dir, IndexKind.CONNECTION4, key, Long.MIN_VALUE,
                    Long.MAX_VALUE, true);
            assertEquals(IndexedRecordingTest.lookup(dir, IndexKind.CONNECTION4, key, Long.MIN_VALUE, Long.MAX_VALUE,
                    false), indexed, k);
            assertTrue(!indexed.isEmpty(), k);
            assertEquals(1, new Lookup(dir).intervals(IndexKind.CONNECTION4, key, Long.MIN_VALUE, Long.MAX_VALUE)
                    .size(), "the index names the key's file: " + k);
        }
    }
}
