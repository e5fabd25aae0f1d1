package org.nsr.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.channel.Channel;
import org.nsr.config.RecorderConfig;
import org.nsr.config.RecorderConfig.ConfiguredSource;
import org.nsr.config.RecorderConfig.OpsSettings;
import org.nsr.core.StopSignal;
import org.nsr.metrics.Metrics;
import org.nsr.record.SortField;
import org.nsr.testing.ScriptedSource;
import org.nsr.testing.JarProcess;
import org.nsr.testing.Recordings;
import org.nsr.testing.TestRecord;
import org.slf4j.LoggerFactory;

/** A stop that cannot write (issue 10 item 3): the directory is made again, records are rescued, or their loss is counted exactly. */
class StopCannotWriteTest {
    @TempDir
    Path tmp;

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void captureLog() {
        logged.start();
        root.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        root.detachAppender(logged);
    }

    private RecorderConfig config(Path out, Path rescue, ScriptedSource.Body body) {
        return new RecorderConfig(null, true, "INFO", out, Duration.ofSeconds(60), Duration.ofMillis(10),
                SortField.TIMESTAMP, Duration.ofMillis(100), RecorderConfig.DEFAULT_SYNC_INTERVAL, rescue,
                Duration.ofSeconds(60), ZoneId.of("UTC"), 1, 1, 4,
                List.of(new ConfiguredSource(new ScriptedSource("s", body), 100, 1 << 20)),
                new OpsSettings(null, -1, null, null, Duration.ofMinutes(5), Duration.ofMinutes(1)));
    }

    private static long now() {
        return System.currentTimeMillis() * 1_000_000L;
    }

    private static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private boolean loggedStartingWith(String prefix) {
        return logged.list.stream().anyMatch(e -> e.getFormattedMessage().startsWith(prefix));
    }

    @Test
    void anOutputDirectoryDeletedWhileRecordingIsMadeAgainWithAWarnAndLosesNothing() throws Exception {
        Path out = tmp.resolve("out");
        CountDownLatch deleted = new CountDownLatch(1);
        Recorder recorder = new Recorder(config(out, tmp.resolve("rescue"), (ch, stop) -> {
            for (int i = 0; i < 10; i++) {
                ch.put(new TestRecord(now(), 0, i));
            }
            deleted.await();
            for (int i = 10; i < 20; i++) {
                ch.put(new TestRecord(now(), 0, i));
            }
            stop.awaitForever();
        }), Clock.systemUTC(), new Metrics());
        recorder.start();
        JarProcess.awaitCondition("the first records in the .part", 10, () -> Recordings.files(out, ".json.part")
                .stream().anyMatch(p -> p.toFile().length() > 0));
        deleteTree(out);
        deleted.countDown();

        long start = System.nanoTime();
        assertTrue(recorder.stop(Duration.ofSeconds(30)), "the stop completes in the directory made again");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20));
        assertTrue(loggedStartingWith("s: the output directory " + out.toAbsolutePath() + " was gone; created it again"));
        assertEquals(20, Recordings.archivedLines(out).size(), "the records written before the delete are kept too");
    }

    @Test
    void aStopThatCannotWriteRescuesTheRecordsQuicklyAndTheNextStartArchivesThem() throws Exception {
        Path out = tmp.resolve("out");
        Path rescue = tmp.resolve("rescue");
        CountDownLatch blocked = new CountDownLatch(1);
        Metrics metrics = new Metrics();
        Recorder recorder = new Recorder(config(out, rescue, (ch, stop) -> {
            blocked.await();
            for (int i = 0; i < 5; i++) {
                ch.put(new TestRecord(now(), 0, i));
            }
            stop.awaitForever();
        }), Clock.systemUTC(), metrics);
        recorder.start();
        deleteTree(out);
        Files.writeString(out, "in the way"); // the directory cannot be made again: nothing can be written
        blocked.countDown();
        JarProcess.awaitCondition("the writer failing", 20,
                () -> metrics.value("nsr_writer_io_errors_total", "source", "s") > 0);

        long start = System.nanoTime();
        assertFalse(recorder.stop(Duration.ofSeconds(60)), "records are not archived: the stop is not clean");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "the stop did not wait out stop_timeout");
        assertEquals(5, metrics.value("nsr_writer_rescued_records_total", "source", "s"));
        List<Path> rescued;
        try (Stream<Path> s = Files.walk(rescue)) {
            rescued = s.filter(p -> p.toString().endsWith(".json.part")).toList();
        }
        assertEquals(1, rescued.size());
        assertEquals(5, Files.readAllLines(rescued.get(0)).size());

        Files.delete(out);
        Recorder next = new Recorder(config(out, rescue, (ch, stop) -> stop.awaitForever()), Clock.systemUTC(),
                new Metrics());
        next.start();
        assertTrue(next.stop(Duration.ofSeconds(30)));
        assertEquals(5, Recordings.archivedLines(out).size(), "the next start took the rescued records back");
        assertFalse(Files.exists(rescued.get(0)));
    }

    @Test
    void whenEvenTheRescueFailsTheLossIsCountedExactlyWithTheFirstAndLastRecordTimes() throws Exception {
        Path out = tmp.resolve("out");
        Path rescue = Files.writeString(tmp.resolve("rescue"), "not a directory");
        Path badTemp = Files.writeString(tmp.resolve("tmp"), "not a directory either");
        CountDownLatch blocked = new CountDownLatch(1);
        Metrics metrics = new Metrics();
        long[] stamps = new long[5];
        Recorder recorder = new Recorder(config(out, rescue, (ch, stop) -> {
            blocked.await();
            for (int i = 0; i < 5; i++) {
                stamps[i] = now() + i * 1_000_000L;
                ch.put(new TestRecord(stamps[i], 0, i));
            }
            stop.awaitForever();
        }), Clock.systemUTC(), metrics);
        String realTemp = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", badTemp.toString()); // read when the recorder starts
        try {
            recorder.start();
        } finally {
            System.setProperty("java.io.tmpdir", realTemp);
        }
        deleteTree(out);
        Files.writeString(out, "in the way");
        blocked.countDown();
        JarProcess.awaitCondition("the writer failing", 20,
                () -> metrics.value("nsr_writer_io_errors_total", "source", "s") > 0);

        assertFalse(recorder.stop(Duration.ofSeconds(60)));
        assertEquals(5, metrics.value("nsr_writer_lost_records_total", "source", "s"));
        String expected = "writer s: cannot write at stop and cannot rescue";
        assertTrue(loggedStartingWith(expected));
        String line = logged.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.startsWith(expected))
                .findFirst().orElseThrow();
        assertTrue(line.endsWith("5 records lost, the first at " + Instant.ofEpochSecond(0, stamps[0])
                + ", the last at " + Instant.ofEpochSecond(0, stamps[4])), line);
    }

    @Test
    void aWriterGivenUpAtTheStopDeadlineRescuesWhatItHoldsAndTheNextStartArchivesEachRecordOnce() throws Exception {
        Path out = tmp.resolve("out");
        Path rescue = tmp.resolve("rescue");
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        RecorderConfig cfg = new RecorderConfig(null, true, "INFO", out, Duration.ofSeconds(60), Duration.ofMillis(10),
                SortField.TIMESTAMP, Duration.ofMillis(100), RecorderConfig.DEFAULT_SYNC_INTERVAL, rescue,
                Duration.ofSeconds(1), ZoneId.of("UTC"), 1, 1, 4,
                List.of(new ConfiguredSource(new ScriptedSource("s", (ch, stop) -> {
                    for (int i = 0; i < 10; i++) {
                        ch.put(new TestRecord(now(), 0, i));
                    }
                    long ts = now() + 1_000_000L;
                    ch.put(new org.nsr.record.Record() { // the writer hangs on this one, as on a hung disk
                        @Override
                        public long timestampNanos() {
                            return ts;
                        }

                        @Override
                        public void writeJson(org.nsr.record.LineBuffer buffer) {
                            stalled.countDown();
                            try {
                                never.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt(); // the stop's deadline
                            }
                            buffer.appendAscii("{\"timestamp\":" + ts + ",\"stalled\":true}");
                        }
                    });
                    stop.awaitForever();
                }), 100, 1 << 20)),
                new OpsSettings(null, -1, null, null, Duration.ofMinutes(5), Duration.ofMinutes(1)));
        Metrics metrics = new Metrics();
        Recorder recorder = new Recorder(cfg, Clock.systemUTC(), metrics);
        recorder.start();
        assertTrue(stalled.await(10, TimeUnit.SECONDS));

        assertFalse(recorder.stop(Duration.ofSeconds(1)), "the writer missed the deadline");
        assertTrue(metrics.value("nsr_writer_rescued_records_total", "source", "s") >= 1, "what it held was rescued");
        assertEquals(0, metrics.value("nsr_writer_lost_records_total", "source", "s"));

        Recorder next = new Recorder(config(out, rescue, (ch, stop) -> stop.awaitForever()), Clock.systemUTC(),
                new Metrics());
        next.start();
        assertTrue(next.stop(Duration.ofSeconds(30)));
        List<String> lines = Recordings.archivedLines(out);
        assertEquals(11, lines.size(), lines.toString());
        assertEquals(11, new java.util.HashSet<>(lines).size(), "no record archived twice");
    }
}
