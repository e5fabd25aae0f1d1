package org.nsr.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
import org.nsr.queue.RecordQueue;
import org.nsr.record.SortField;
import org.nsr.source.Source;
import org.nsr.source.SourceContext;
import org.nsr.source.SourceSpec;
import org.nsr.testing.Recordings;
import org.nsr.testing.TestRecord;

class RecorderStopTest {
    @TempDir
    Path dir;

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
        return new RecorderConfig(null, true, "INFO", dir, Duration.ofSeconds(1), Duration.ofMillis(10),
                SortField.TIMESTAMP, Duration.ofMillis(100), Duration.ofSeconds(1), ZoneId.of("UTC"), 1, 1, 4,
                List.of(new ConfiguredSource(new ScriptedSpec("s", source), 100)),
                new OpsSettings(null, -1, null, null, Duration.ofMinutes(5), Duration.ofMinutes(1)));
    }

    @Test
    void aStopThatOutlivesStopTimeoutReportsFailureAndLeavesTheFilesForRecovery() throws Exception {
        CountDownLatch produced = new CountDownLatch(1);
        Source stubborn = new Source() {
            @Override
            public String name() {
                return "s";
            }

            @Override
            public void run(RecordQueue out, StopSignal stop) throws Exception {
                out.put(new TestRecord(System.currentTimeMillis() * 1_000_000L, 0, 0));
                produced.countDown();
                while (true) {
                    try {
                        Thread.sleep(60_000); // ignores its stop signal: a source stuck in a call
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        };
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
        Source flaky = new Source() {
            private int runs;

            @Override
            public String name() {
                return "s";
            }

            @Override
            public void run(RecordQueue out, StopSignal stop) throws Exception {
                runs++;
                out.put(new TestRecord(System.currentTimeMillis() * 1_000_000L, runs, 0));
                if (runs == 1) {
                    throw new IllegalStateException("boom");
                }
                secondRun.countDown();
                stop.awaitForever();
            }
        };
        Metrics metrics = new Metrics();
        Recorder recorder = new Recorder(config(flaky), Clock.systemUTC(), metrics);
        recorder.start();
        assertTrue(secondRun.await(10, TimeUnit.SECONDS), "the source was started again");
        assertTrue(recorder.stop(Duration.ofSeconds(10)));
        assertEquals(1, metrics.value("nsr_source_restarts_total", "source", "s"));
        assertEquals(2, Recordings.archivedLines(dir).size(), "the records of both runs are archived");
    }
}
