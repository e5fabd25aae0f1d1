package org.nsr.sink.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.app.Recorder;
import org.nsr.metrics.Metrics;
import org.nsr.testing.JarProcess;
import org.nsr.testing.KafkaBroker;
import org.nsr.testing.Recordings;
import org.nsr.testing.TestRecord;

/** A broker that goes away mid-run never stops the recording to files; what the sink could not deliver is counted. */
class KafkaSinkBrokerDownTest {

    @TempDir
    Path tmp;

    @Test
    void aBrokerStoppedMidRunLeavesTheArchiveCompleteAndTheDropsCounted() throws Exception {
        Metrics metrics = new Metrics();
        Path out = tmp.resolve("out");
        AtomicLong produced = new AtomicLong();
        CountDownLatch brokerGone = new CountDownLatch(1);
        int before = 5_000;
        int after = 20_000;
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopic("nsr.s", 1);
            Recorder recorder = KafkaSinkTest.recorder(out, metrics, KafkaSinkTest.kafkaSink(broker.bootstrap(),
                    "nsr.{source}", Map.of("buffer", 10_000, "max_block", "200ms", "delivery_timeout", "2s",
                            "stop_timeout", "1s")), (ch, stop) -> {
                                long t0 = System.currentTimeMillis() * 1_000_000L;
                                long i = 0;
                                for (; i < before; i++) {
                                    ch.put(new TestRecord(t0 + i * 1000L, 1, i));
                                    produced.incrementAndGet();
                                }
                                brokerGone.await();
                                for (; i < before + after; i++) {
                                    ch.put(new TestRecord(t0 + i * 1000L, 1, i));
                                    produced.incrementAndGet();
                                }
                                stop.awaitForever();
                            });
            recorder.start();
            JarProcess.awaitCondition("the first records delivered", 60,
                    () -> metrics.value("nsr_sink_records_total", "source", "s", "sink", "to_kafka") >= before);
            broker.close();
            brokerGone.countDown();
            JarProcess.awaitCondition("every record written to file", 60,
                    () -> metrics.value("nsr_writer_records_total", "source", "s") >= before + after);
            assertTrue(recorder.stop(Duration.ofSeconds(30)), "the recorder stops cleanly with the broker down");
        }
        assertEquals(before + after, Recordings.archivedLines(out).size(), "every record is archived");
        double delivered = metrics.value("nsr_sink_records_total", "source", "s", "sink", "to_kafka");
        double dropped = metrics.value("nsr_sink_dropped_total", "source", "s", "sink", "to_kafka");
        assertTrue(dropped > 0, "drops are counted");
        assertEquals(before + after, (long) (delivered + dropped), "each record is either delivered or counted as dropped");
        assertEquals(dropped, metrics.sum("nsr_kafka_sink_undelivered_total", "source", "s", "sink", "to_kafka"),
                "the reasons add up to the drops");
    }
}
