package org.nsr.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.metrics.Metrics;
import org.nsr.testing.MutableClock;

class RetentionCheckerTest {
    private final Metrics metrics = new Metrics();

    @Test
    void requestedCheckAppliesRetentionOnTheRetentionThread(@TempDir Path dir) throws Exception {
        Instant now = Instant.parse("2025-03-31T12:00:00Z");
        Path old = Files.write(dir.resolve("2025_01_01_00-00-00_flowinfo_json.zip"), new byte[10]);
        Files.setLastModifiedTime(old, FileTime.from(now.minus(Duration.ofDays(90))));
        Path live = Files.write(dir.resolve("2025_01_01_00-02-00_flowinfo.json.part"), new byte[10]);
        Files.setLastModifiedTime(live, FileTime.from(now.minus(Duration.ofDays(90))));
        Retention retention = new Retention(Duration.ofDays(30), -1, new MutableClock(now), metrics);

        org.nsr.sink.FileEvents events = new org.nsr.sink.FileEvents();
        java.util.List<org.nsr.sink.FileEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        events.subscribe(seen::add);
        try (RetentionChecker checker = new RetentionChecker(retention, dir, metrics, events)) {
            checker.requestCheck();
            waitFor(() -> !Files.exists(old), "the expired archive is deleted");
        }
        assertTrue(Files.exists(live));
        assertEquals(1, metrics.value("nsr_retention_deleted_files_total"));
        assertEquals(java.util.List.of(new org.nsr.sink.FileEvent.FileDeleted(old)), seen,
                "the deletion is announced to file-event subscribers");
    }

    @Test
    void requestsWhileACheckWaitsAreMergedAndOneDuringACheckRunsAnother() throws Exception {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<String> threadName = new AtomicReference<>();
        RetentionChecker checker = new RetentionChecker(() -> {
            threadName.set(Thread.currentThread().getName());
            if (runs.incrementAndGet() == 1) {
                firstRunning.countDown();
                try {
                    releaseFirst.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted");
                }
            }
            return List.of();
        }, "test", metrics);
        try {
            checker.requestCheck();
            assertTrue(firstRunning.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 10; i++) {
                checker.requestCheck(); // ten sources rotating while the first check runs
            }
            releaseFirst.countDown();
        } finally {
            checker.close(); // runs what is pending, then stops
        }
        assertEquals(2, runs.get(), "the check in flight, then one merged check for the ten requests");
        assertEquals("retention", threadName.get());
    }

    @Test
    void failedCheckIsCountedAndTheNextRequestChecksAgain() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        try (RetentionChecker checker = new RetentionChecker(() -> {
            if (runs.incrementAndGet() == 1) {
                throw new IOException("Permission denied: /var/lib/nsr/recorded_info");
            }
            return List.of();
        }, "test", metrics)) {
            checker.requestCheck();
            waitFor(() -> metrics.value("nsr_retention_failures_total") == 1, "the failure is counted");
            checker.requestCheck();
            waitFor(() -> runs.get() == 2, "a second check runs");
        }
        assertEquals(1, metrics.value("nsr_retention_failures_total"));
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for: " + what);
            }
            Thread.sleep(5); // polling with a deadline
        }
    }
}
