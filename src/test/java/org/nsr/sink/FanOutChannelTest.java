package org.nsr.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.channel.RecordQueue;
import org.nsr.core.Ticker;
import org.nsr.metrics.Metrics;
import org.nsr.record.Record;
import org.nsr.record.SortField;
import org.nsr.testing.TestRecord;
import org.nsr.write.FileNamer;
import org.nsr.write.FileSink;
import org.nsr.write.QueueWriter;
import org.nsr.write.RollCycle;
import org.nsr.write.WriterSettings;

class FanOutChannelTest {
    @TempDir
    Path dir;

    private final Metrics metrics = new Metrics();

    /** A blocking sink that keeps what it is given. */
    private static final class Keeping implements Sink {
        final List<Record> records = new ArrayList<>();
        final List<Long> seqs = new ArrayList<>();

        @Override
        public String name() {
            return "keeping";
        }

        @Override
        public boolean mayBlock() {
            return true;
        }

        @Override
        public void accept(Record record, long seq) {
            records.add(record);
            seqs.add(seq);
        }
    }

    private static void putFromThreads(FanOutChannel channel, int threads, int each) throws InterruptedException {
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int stream = t;
            Thread p = new Thread(() -> {
                try {
                    for (int i = 0; i < each; i++) {
                        channel.put(new TestRecord(System.currentTimeMillis() * 1_000_000L, stream, i));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            producers.add(p);
            p.start();
        }
        for (Thread p : producers) {
            p.join(TimeUnit.SECONDS.toMillis(30));
            assertTrue(!p.isAlive(), "a producer did not finish");
        }
    }

    @Test
    void twoSinksOnOneSourceBothReceiveEveryRecordInOrder() throws Exception {
        Keeping blocking = new Keeping();
        List<Record> tapped = new ArrayList<>();
        List<Long> tappedSeqs = new ArrayList<>();
        LiveTap tap = new LiveTap("s", "dashboard", 100_000, (r, seq) -> {
            tapped.add(r);
            tappedSeqs.add(seq);
        }, metrics);
        tap.startAsync().awaitRunning();
        FanOutChannel channel = new FanOutChannel("s", 0, List.of(blocking, tap));

        putFromThreads(channel, 4, 5000);
        tap.stopAsync();
        assertTrue(tap.awaitTerminated(Duration.ofSeconds(10)));

        assertEquals(20_000, blocking.records.size());
        List<Long> expected = new ArrayList<>();
        for (long i = 1; i <= 20_000; i++) {
            expected.add(i);
        }
        assertEquals(expected, blocking.seqs, "consecutive sequence numbers in accept order");
        assertEquals(blocking.seqs, tappedSeqs, "the tap sees the same numbers in the same order");
        assertEquals(blocking.records, tapped, "and the same records in the same order");
        assertEquals(0, tap.droppedCount());
    }

    @Test
    void aSlowNonBlockingSinkDropsAndCountsWithoutSlowingTheFileWriter() throws Exception {
        RecordQueue queue = new RecordQueue("s", 1000, metrics);
        RollCycle cycle = new RollCycle(Duration.ofMinutes(1), ZoneId.of("UTC"));
        QueueWriter writer = new QueueWriter(queue, new WriterSettings(dir, cycle, Duration.ofMillis(10),
                SortField.TIMESTAMP, Duration.ofMillis(100), Duration.ofMillis(50), Duration.ofMillis(10)),
                new FileNamer("s", cycle, null), Ticker.SYSTEM, (json, name, facts) -> { }, new FileEvents(),
                new Watermark("durable s"), Syncer.FORCE, metrics);
        writer.startAsync().awaitRunning();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger delivered = new AtomicInteger();
        LiveTap stuck = new LiveTap("s", "mirror", 8, (r, seq) -> {
            release.await(); // a consumer that does not keep up at all
            delivered.incrementAndGet();
        }, metrics);
        stuck.startAsync().awaitRunning();
        FanOutChannel channel = new FanOutChannel("s", 0, List.of(new FileSink(queue), stuck));

        putFromThreads(channel, 2, 10_000); // would hang here if the tap could block its source
        writer.stopAsync();
        assertTrue(writer.awaitTerminated(Duration.ofSeconds(30)), "the writer drained everything");
        assertEquals(20_000, metrics.value("nsr_writer_records_total", "source", "s"), "the file got every record");

        long dropped = stuck.droppedCount();
        assertTrue(dropped >= 20_000 - 2 * 8 - 1, "the tap kept at most its buffer and one batch in hand; dropped "
                + dropped);
        assertEquals(dropped, metrics.value("nsr_sink_dropped_total", "source", "s", "sink", "mirror"));
        release.countDown();
        stuck.stopAsync();
        assertTrue(stuck.awaitTerminated(Duration.ofSeconds(10)));
        assertEquals(20_000, dropped + delivered.get(), "every record is either delivered or counted as dropped");
    }
}
