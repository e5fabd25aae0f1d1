package org.nsr.app;

import org.nsr.core.StopSignal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.config.RecorderConfig;
import org.nsr.config.RecorderConfig.ConfiguredSource;
import org.nsr.config.RecorderConfig.OpsSettings;
import org.nsr.metrics.Metrics;
import org.nsr.channel.Channel;
import org.nsr.record.SortField;
import org.nsr.source.Source;
import org.nsr.source.SourceContext;
import org.nsr.source.SourceSpec;
import org.nsr.testing.Recordings;
import org.nsr.testing.TestRecord;

class RecorderStopTest {
    @TempDir
    Path dir;

    /** What a test source does when run. */
    @FunctionalInterface
    private interface Body {
        void run(Channel out, StopSignal stop) throws Exception;
    }

    /** A source named "s" that runs {@code body}. */
    private static Source source(Body body) {
        return new Source() {
            @Override
            public String name() {
                return "s";
            }

            @Override
            public void run(Channel out, StopSignal stop) throws Exception {
                body.run(out, stop);
            }
        };
    }

    /** A source whose run is given by the test. */
    private record ScriptedSpec(String name, Source source) implements SourceSpec {
        @Override
        public String type() {
            return "test";
        }

        @Override
        public Source create(SourceContext context) {
            return source;
        }
    }

    private RecorderConfig config(Source source) {
        return config(source, null);
    }

    private RecorderConfig config(Source source, Duration maxAge) {
        return new RecorderConfig(null, true, "INFO", dir, Duration.ofSeconds(1), Duration.ofMillis(10),
                SortField.TIMESTAMP, Duration.ofMillis(100), RecorderConfig.DEFAULT_SYNC_INTERVAL,
                dir.resolve("rescue"), Duration.ofSeconds(1), ZoneId.of("UTC"), 1, 1, 4,
                List.of(new ConfiguredSource(new ScriptedSpec("s", source), 100, 1 << 20)),
                new OpsSettings(maxAge, -1, null, null, Duration.ofMinutes(5), Duration.ofMinutes(1)));
    }

    @Test
    void retentionRunsWhileRecordingAndNeverTouchesLiveFiles() throws Exception {
        Path old = Files.write(dir.resolve("2020_01_01_00-00-00_s_json.zip"), new byte[10]);
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(40))));
        Path waiting = Files.write(dir.resolve("2020_01_01_00-00-00_other.json"), "{\"timestamp\":1}\n".getBytes());
        Files.setLastModifiedTime(waiting, FileTime.from(Instant.now().minus(Duration.ofDays(40))));
        CountDownLatch started = new CountDownLatch(1);
        Source quiet = source((out, stop) -> {
            out.put(new TestRecord(System.currentTimeMillis() * 1_000_000L, 0, 0));
            started.countDown();
            stop.awaitForever();
        });
        Metrics metrics = new Metrics();
        Recorder recorder = new Recorder(config(quiet, Duration.ofDays(30)), Clock.systemUTC(), metrics);
        recorder.start();
        assertTrue(started.await(10, TimeUnit.SECONDS));
        org.nsr.testing.JarProcess.awaitCondition("the 40-day-old archive deleted", 10, () -> !Files.exists(old));
        assertTrue(recorder.stop(Duration.ofSeconds(10)));
        assertEquals(1, metrics.value("nsr_retention_deleted_files_total"));
        assertEquals(2, Recordings.files(dir, "_json.zip").size(),
                "the recovered .json and the new recording are archived, not deleted by retention");
    }

    @Test
    void aStopThatOutlivesStopTimeoutReportsFailureAndLeavesTheFilesForRecovery() throws Exception {
        CountDownLatch produced = new CountDownLatch(1);
        Source stubborn = source((out, stop) -> {
            out.put(new TestRecord(System.currentTimeMillis() * 1_000_000L, 0, 0));
            produced.countDown();
            while (true) {
                try {
                    Thread.sleep(60_000); // ignores its stop signal: a source stuck in a call
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Recorder recorder = new Recorder(config(stubborn), Clock.systemUTC(), new Metrics());
        recorder.start();
        assertTrue(produced.await(10, TimeUnit.SECONDS));
        long start = System.nanoTime();
        assertFalse(recorder.stop(Duration.ofSeconds(1)), "the stop must report that it did not finish");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "stop gives up at its timeout");
    }

    @Test
    void aSourceThatThrowsIsRestartedAndItsRecordsAreKept() throws Exception {
        CountDownLatch secondRun = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger runCount = new java.util.concurrent.atomic.AtomicInteger();
        Source flaky = source((out, stop) -> {
            int runs = runCount.incrementAndGet();
            out.put(new TestRecord(System.currentTimeMillis() * 1_000_000L, runs, 0));
            if (runs == 1) {
                throw new IllegalStateException("boom");
            }
            secondRun.countDown();
            stop.awaitForever();
        });
        Metrics metrics = new Metrics();
        Recorder recorder = new Recorder(config(flaky), Clock.systemUTC(), metrics);
        recorder.start();
        assertTrue(secondRun.await(10, TimeUnit.SECONDS), "the source was started again");
        assertTrue(recorder.stop(Duration.ofSeconds(10)));
        assertEquals(1, metrics.value("nsr_source_restarts_total", "source", "s"));
        assertEquals(2, Recordings.archivedLines(dir).size(), "the records of both runs are archived");
    }

    @Test
    void aWriterThatBreaksIsReportedAsAFailureOfTheRecorder() throws Exception {
        Source poisoning = source((out, stop) -> {
            out.put(new org.nsr.record.Record() {
                @Override
                public long timestampNanos() {
                    return System.currentTimeMillis() * 1_000_000L;
                }

                @Override
                public void writeJson(org.nsr.record.LineBuffer buffer) {
                    throw new IllegalStateException("cannot encode");
                }
            });
            stop.awaitForever();
        });
        Recorder recorder = new Recorder(config(poisoning), Clock.systemUTC(), new Metrics());
        recorder.start();
        org.nsr.testing.JarProcess.awaitCondition("the writer failure reported", 10, () -> recorder.failure() != null);
        assertTrue(recorder.failure().startsWith("writer s stopped: java.lang.IllegalStateException: cannot encode"),
                recorder.failure());
        assertFalse(recorder.stop(Duration.ofSeconds(5)), "a broken writer makes the stop unclean");
    }

    @Test
    void aSourceWhoseQueueAReloadChangesWaitsForItsOldWriterThenRestartsAndHealthSaysSoMeanwhile() throws Exception {
        CountDownLatch encoding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Source first = source((out, stop) -> {
            out.put(new org.nsr.record.Record() { // the writer stalls on this one, as on a full disk
                @Override
                public long timestampNanos() {
                    return System.currentTimeMillis() * 1_000_000L;
                }

                @Override
                public void writeJson(org.nsr.record.LineBuffer buffer) {
                    encoding.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    buffer.appendAscii("{\"timestamp\":1}");
                }
            });
            stop.awaitForever();
        });
        CountDownLatch secondRunning = new CountDownLatch(1);
        Source second = source((out, stop) -> {
            secondRunning.countDown();
            stop.awaitForever();
        });
        RecorderConfig cfg = config(first);
        Recorder recorder = new Recorder(cfg, Clock.systemUTC(), new Metrics());
        recorder.start();
        assertTrue(encoding.await(10, TimeUnit.SECONDS));

        // Its queue's limits change too, so it cannot hand over on the same queue: it restarts.
        String line = recorder.reload(cfg.withSources(List.of(new ConfiguredSource(new ScriptedSpec("s", second),
                50, 1 << 20))), Duration.ofMillis(200));
        assertTrue(line.contains("restarted [s]"), line);
        assertEquals(null, recorder.failure(), "nothing is broken");
        assertTrue(recorder.degraded().contains("[s] not running"), "health must not say all is well");
        recorder.resumePendingRestarts();
        assertEquals(1, secondRunning.getCount(), "the new source waits while the old writer drains");

        release.countDown();
        org.nsr.testing.JarProcess.awaitCondition("the restart once the old writer finished", 10, () -> {
            try {
                recorder.resumePendingRestarts();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return recorder.degraded() == null;
        });
        assertTrue(secondRunning.await(10, TimeUnit.SECONDS), "the changed source runs with its new settings");
        assertTrue(recorder.stop(Duration.ofSeconds(10)));
        assertEquals(1, Recordings.archivedLines(dir).size(), "the stalled record was written, not lost");
    }

    @Test
    void aReloadThatChangesASourceHandsOverToItsSuccessorWithoutClosingTheWritersFile() throws Exception {
        CountDownLatch firstPut = new CountDownLatch(1);
        Source first = source((out, stop) -> {
            out.put(new TestRecord(System.currentTimeMillis() * 1_000_000L, 1, 0));
            firstPut.countDown();
            stop.awaitForever();
        });
        CountDownLatch secondPut = new CountDownLatch(1);
        Source second = source((out, stop) -> {
            out.put(new TestRecord(System.currentTimeMillis() * 1_000_000L, 2, 1));
            secondPut.countDown();
            stop.awaitForever();
        });
        RecorderConfig cfg = new RecorderConfig(null, true, "INFO", dir, Duration.ofSeconds(60), Duration.ofMillis(10),
                SortField.TIMESTAMP, Duration.ofMillis(100), Duration.ofSeconds(10), ZoneId.of("UTC"), 1, 1, 4,
                List.of(new ConfiguredSource(new ScriptedSpec("s", first), 100, 1 << 20)),
                new OpsSettings(null, -1, null, null, Duration.ofMinutes(5), Duration.ofMinutes(1)));
        Metrics metrics = new Metrics();
        Recorder recorder = new Recorder(cfg, Clock.systemUTC(), metrics);
        recorder.start();
        assertTrue(firstPut.await(10, TimeUnit.SECONDS));
        org.nsr.testing.JarProcess.awaitCondition("the first record written", 10,
                () -> metrics.value("nsr_writer_records_total", "source", "s") == 1);

        String line = recorder.reload(cfg.withSources(List.of(new ConfiguredSource(new ScriptedSpec("s", second),
                100, 1 << 20))), Duration.ofSeconds(5));
        assertTrue(line.endsWith("restarted [s] (writer kept for [s])"), line);
        assertTrue(secondPut.await(10, TimeUnit.SECONDS), "the successor runs at once");
        assertEquals(null, recorder.degraded(), "no source waits");
        assertTrue(recorder.stop(Duration.ofSeconds(10)));
        assertEquals(1, metrics.value("nsr_writer_files_total", "source", "s"), "one file: the reload did not split it");
        assertEquals(1, Recordings.files(dir, "_json.zip").size());
        assertEquals(2, Recordings.archivedLines(dir).size(), "both sources' records are in it");
    }
}
