package org.nsr.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.config.IndexSettings;
import org.nsr.metrics.Metrics;
import org.nsr.sink.FileEvent;
import org.nsr.testing.FakeTicker;
import org.nsr.testing.RecordingWriter;

class IndexerTest {
    static final LocalDateTime T0 = LocalDateTime.of(2025, 8, 22, 10, 0, 0);
    static final long T0_MS = T0.toInstant(ZoneOffset.UTC).toEpochMilli();

    @TempDir
    Path dir;

    private final FakeTicker ticker = new FakeTicker(Instant.parse("2025-08-22T11:00:00Z"));
    private final Metrics metrics = new Metrics();

    private List<Path> writeArchives(int n) throws Exception {
        List<Path> zips = new ArrayList<>();
        for (int f = 0; f < n; f++) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                lines.add(RecordingWriter.generatorLine(i, (T0_MS + f * 60_000L + i * 100L) * 1_000_000L,
                        "192.168.1." + (i % 4), "10.0.0." + f, 1000 + i, 443, 6, 1, 100));
            }
            zips.add(RecordingWriter.writeZip(dir, T0.plusMinutes(f), "gen", lines));
        }
        return zips;
    }

    private Indexer start() throws Exception {
        Indexer ix = new Indexer(dir, new IndexSettings(IndexSettings.KNOWN_KEYS, Duration.ofSeconds(1), 2,
                Duration.ofSeconds(1)), ticker, metrics);
        ix.startAsync().awaitRunning();
        return ix;
    }

    /** Polls with a deadline, advancing the fake clock so the indexer's flush and pause times pass. */
    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
            ticker.advance(Duration.ofMillis(500));
            Thread.sleep(10); // polling with a deadline
        }
    }

    private boolean allCovered(Indexer ix, int n) {
        return ix.stores().stream().allMatch(s -> s.files().stream().mapToLong(f -> f.archives().size()).sum() >= n
                && s.state().current().isEmpty());
    }

    @Test
    void archivesNotCoveredAtStartAreIndexedFromTheFilesAndRetentionDeletesLeaveACleanCheck() throws Exception {
        List<Path> zips = writeArchives(6);
        Indexer ix = start();
        await("every archive indexed", () -> allCovered(ix, 6));
        assertEquals(6, (long) metrics.value("nsr_index_catchup_files_total"));
        Files.delete(zips.get(0));
        String gone = "2025_08_22_10-00-00_gen";
        ix.onFileEvent(new FileEvent.FileDeleted(zips.get(0)));
        assertTrue(IndexCheck.check(dir).ok(), "a tombstone waiting for its merge is no fault");
        byte[] key = IndexKind.IP.parse("10.0.0.0");
        assertEquals(List.of(), ix.lookup(IndexKind.IP, key, Long.MIN_VALUE, Long.MAX_VALUE).intervals(),
                "lookups never name the deleted file");
        await("the tombstone purged", () -> ix.stores().stream().noneMatch(s -> s.covered().contains(gone)));
        await("the tombstone dropped", () -> {
            try {
                return Tombstones.read(IndexLayout.root(dir)).names().isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
        IndexCheck.Report r = IndexCheck.check(dir);
        assertTrue(r.ok(), r.faults().toString());
        ix.stopAsync().awaitTerminated(Duration.ofSeconds(10));
    }

    @Test
    void aFullDiskPausesIndexingCountsItAndTheFilesAreIndexedOnceItCanWriteAgain() throws Exception {
        writeArchives(3);
        Indexer ix = start();
        Path ipDir = IndexLayout.root(dir).resolve("ip");
        // nothing is flushed before the fake clock moves: make the ip index unwritable first (as a full disk)
        Files.delete(ipDir);
        Files.writeString(ipDir, "not a directory");
        await("a write failed and indexing paused", () -> metrics.value("nsr_index_paused_total") >= 1);
        assertTrue(metrics.value("nsr_index_write_failures_total") >= 1);
        Files.delete(ipDir);
        Files.createDirectories(ipDir);
        await("indexed again after the pause", () -> allCovered(ix, 3));
        ix.stopAsync().awaitTerminated(Duration.ofSeconds(10));
        IndexCheck.Report r = IndexCheck.check(dir);
        assertTrue(r.ok(), r.faults().toString());
        assertFalse(new Lookup(dir).intervals(IndexKind.IP, IndexKind.IP.parse("10.0.0.2"), Long.MIN_VALUE,
                Long.MAX_VALUE).isEmpty());
    }

    @Test
    void catchUpWaitsWhileAFeedDropsAndRunsOnceTheFeedsKeptUpForTheQuietTime() throws Exception {
        writeArchives(3);
        Indexer ix = new Indexer(dir, new IndexSettings(IndexSettings.KNOWN_KEYS, Duration.ofSeconds(1), 2,
                Duration.ofSeconds(1)), ticker, metrics);
        ix.feedDropped(); // recording is saturated: a feed is dropping
        ix.startAsync().awaitRunning();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (metrics.value("nsr_index_catchup_deferred") < 1) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for the catch-up to be deferred");
            Thread.sleep(10); // polling with a deadline, the fake clock standing still
        }
        assertEquals(0, (long) metrics.value("nsr_index_catchup_files_total"), "nothing caught up while dropping");
        assertEquals(3, (long) metrics.value("nsr_index_catchup_backlog"));
        ticker.advance(Duration.ofNanos(Indexer.CATCH_UP_QUIET_NANOS));
        await("every archive indexed once the feeds kept up", () -> allCovered(ix, 3));
        assertEquals(3, (long) metrics.value("nsr_index_catchup_files_total"));
        assertEquals(0, (long) metrics.value("nsr_index_catchup_deferred"));
        ix.stopAsync().awaitTerminated(Duration.ofSeconds(10));
    }
}
