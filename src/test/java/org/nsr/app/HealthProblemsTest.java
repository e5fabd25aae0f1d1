package org.nsr.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.channel.Channel;
import org.nsr.config.RecorderConfig;
import org.nsr.config.RecorderConfig.ConfiguredSource;
import org.nsr.config.RecorderConfig.OpsSettings;
import org.nsr.core.StopSignal;
import org.nsr.lifecycle.ServiceManager;
import org.nsr.metrics.Metrics;
import org.nsr.record.LineBuffer;
import org.nsr.record.Record;
import org.nsr.record.SortField;
import org.nsr.sink.Syncer;
import org.nsr.testing.ScriptedSource;
import org.nsr.testing.FakeTicker;
import org.nsr.testing.JarProcess;

/** /health turns failing when writes fail for too long and when producers stay blocked too long (issue 10 item 4). */
class HealthProblemsTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path tmp;

    private final FakeTicker ticker = new FakeTicker(T0);
    private final Metrics metrics = new Metrics();

    private Recorder recorder(Path out, int capacity, ScriptedSource.Body body) {
        RecorderConfig cfg = new RecorderConfig(null, true, "INFO", out, Duration.ofSeconds(60), Duration.ofMillis(10),
                SortField.TIMESTAMP, Duration.ofMillis(100), Duration.ofSeconds(5), ZoneId.of("UTC"), 1, 1, 4,
                List.of(new ConfiguredSource(new ScriptedSource("s", body), capacity, 1 << 20)),
                new OpsSettings(null, -1, null, null, Duration.ofMinutes(5), Duration.ofMinutes(1),
                        Duration.ofSeconds(10), Duration.ofSeconds(10)));
        return new Recorder(cfg, ticker, metrics, new ServiceManager(ticker), List.of(), Syncer.FORCE);
    }

    private long now() {
        return ticker.epochNanos();
    }

    private static Record line(long ts, CountDownLatch hold) {
        return line(ts, hold, new CountDownLatch(1));
    }

    private static Record line(long ts, CountDownLatch hold, CountDownLatch entered) {
        return new Record() {
            @Override
            public long timestampNanos() {
                return ts;
            }

            @Override
            public void writeJson(LineBuffer out) {
                entered.countDown();
                try {
                    hold.await(); // the writer is stuck here, as on a hung disk
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                out.appendAscii("{\"timestamp\":" + ts + "}");
            }
        };
    }

    @Test
    void writesFailingLongerThanTheThresholdAreAProblemThatClearsOnceWritingWorks() throws Exception {
        Path out = tmp.resolve("out");
        CountDownLatch open = new CountDownLatch(0);
        CountDownLatch go = new CountDownLatch(1);
        Recorder recorder = recorder(out, 100, (ch, stop) -> {
            go.await();
            ch.put(line(now(), open));
            stop.awaitForever();
        });
        recorder.start();
        try (java.util.stream.Stream<Path> files = Files.walk(out)) { // the manifest folder included
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Files.writeString(out, "not a directory"); // every create fails, and the directory cannot be made again
        go.countDown();
        JarProcess.awaitCondition("a write error", 10, () -> {
            ticker.advance(Duration.ofMillis(20)); // the record's chunk completes: the writer opens a file
            return metrics.value("nsr_writer_io_errors_total", "source", "s") > 0;
        });
        assertEquals(List.of(), recorder.problems(), "an error streak shorter than the threshold is tolerated");

        ticker.advance(Duration.ofSeconds(11));
        JarProcess.awaitCondition("the problem reported", 10, () -> !recorder.problems().isEmpty());
        String problem = recorder.problems().get(0);
        assertTrue(problem.startsWith("writer s cannot write for 11s (threshold 10s): cannot create "), problem);

        Files.delete(out);
        Files.createDirectories(out);
        JarProcess.awaitCondition("writing works again", 10, () -> {
            ticker.advance(Duration.ofSeconds(1)); // the writer's retry pause
            return recorder.problems().isEmpty();
        });
        assertTrue(recorder.stop(Duration.ofSeconds(10)));
    }

    @Test
    void producersBlockedWithNoDrainLongerThanTheThresholdAreAProblem() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch stuck = new CountDownLatch(1);
        Recorder recorder = recorder(tmp.resolve("out"), 1, (ch, stop) -> {
            ch.put(line(now(), hold, stuck)); // the writer takes it and hangs on it
            while (!stop.isRaised()) {
                ch.put(line(now(), hold)); // fills the queue of one, then blocks
            }
        });
        recorder.start();
        JarProcess.awaitCondition("the writer stuck on the first record", 10, () -> {
            ticker.advance(Duration.ofMillis(20)); // time passes: the chunk completes and is written
            return stuck.getCount() == 0;
        });
        JarProcess.awaitCondition("the queue full", 10, () -> metrics.value("nsr_queue_depth", "queue", "s") == 1);
        assertEquals(List.of(), recorder.problems(), "a short wait is back-pressure, not a problem");

        JarProcess.awaitCondition("the blocked producer reported", 10, () -> {
            ticker.advance(Duration.ofSeconds(1));
            return !recorder.problems().isEmpty();
        });
        List<String> problems = recorder.problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).matches("source s blocked on its full queue for 1[01]s \\(threshold 10s\\): "
                + "nothing is being written"), problems.get(0));

        hold.countDown();
        JarProcess.awaitCondition("the queue drains", 10, () -> recorder.problems().isEmpty());
        assertTrue(recorder.stop(Duration.ofSeconds(10)));
    }
}
