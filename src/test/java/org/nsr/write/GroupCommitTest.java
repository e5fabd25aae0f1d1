package org.nsr.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.channel.RecordQueue;
import org.nsr.metrics.Metrics;
import org.nsr.record.SortField;
import org.nsr.sink.FileEvent;
import org.nsr.sink.FileEvents;
import org.nsr.sink.Syncer;
import org.nsr.sink.Watermark;
import org.nsr.testing.FakeTicker;
import org.nsr.testing.JarProcess;
import org.nsr.testing.TestRecord;

class GroupCommitTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final long T0_NANOS = T0.getEpochSecond() * 1_000_000_000L;

    @TempDir
    Path dir;

    private final Metrics metrics = new Metrics();
    private final RecordQueue queue = new RecordQueue("src", 2000, metrics);
    private final Watermark durable = new Watermark("durable src");
    private final FileEvents events = new FileEvents();
    private final AtomicInteger fsyncs = new AtomicInteger();
    private final Syncer counting = ch -> {
        fsyncs.incrementAndGet();
        ch.force(false);
    };
    /** Five seconds after the records' time: every chunk is complete at once. */
    private final FakeTicker ticker = new FakeTicker(T0.plusSeconds(5));

    private QueueWriter writer() {
        RollCycle cycle = new RollCycle(Duration.ofMinutes(1), ZoneId.of("UTC"));
        return new QueueWriter(queue, new WriterSettings(dir, cycle, Duration.ofMillis(10), SortField.TIMESTAMP,
                Duration.ofMillis(100), Duration.ofMillis(50), Duration.ofMillis(10)), new FileNamer("src", cycle, null),
                ticker, (json, name, facts) -> { }, events, durable, counting, metrics);
    }

    private void put(int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            queue.put(new TestRecord(T0_NANOS + i * 1_000L, 0, i));
        }
    }

    @Test
    void aGroupCommitWithAThousandWaitingAcknowledgementsCostsOneFsync() throws Exception {
        put(1000);
        List<CompletableFuture<Long>> acks = new ArrayList<>();
        for (long seq = 1; seq <= 1000; seq++) {
            acks.add(durable.whenAtLeast(seq)); // an ingest POST waiting for its record to be safe
        }
        QueueWriter writer = writer();
        writer.startAsync().awaitRunning();
        CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);

        assertEquals(1, fsyncs.get(), "one fsync covered every waiting record");
        assertEquals(1000, durable.value());
        assertEquals(1, metrics.value("nsr_writer_group_commits_total", "source", "src"));
        writer.stopAsync();
        assertTrue(writer.awaitTerminated(Duration.ofSeconds(10)));
    }

    @Test
    void withNobodyWaitingTheWriterNeverSyncsForTheWatermarkWhichAdvancesWhenTheFileIsPublished() throws Exception {
        List<FileEvent> seen = new ArrayList<>();
        events.subscribe(seen::add);
        put(1000);
        QueueWriter writer = writer();
        writer.startAsync().awaitRunning();
        JarProcess.awaitCondition("every record written", 10,
                () -> metrics.value("nsr_writer_records_total", "source", "src") == 1000);
        ticker.advance(Duration.ofSeconds(1)); // several flush and sync intervals pass
        ticker.advance(Duration.ofSeconds(1));
        assertEquals(0, fsyncs.get(), "no waiter, no fsync");
        assertEquals(0, durable.value(), "nothing is fsynced yet");

        writer.stopAsync();
        assertTrue(writer.awaitTerminated(Duration.ofSeconds(10)));
        assertEquals(0, fsyncs.get());
        assertEquals(1000, durable.value(), "the published file was synced and covers every record");
        assertEquals(1, seen.size());
        FileEvent.FileCompleted done = (FileEvent.FileCompleted) seen.get(0);
        assertEquals(1000, done.coversSeq());
        assertEquals("src", done.source());
    }

    @Test
    void aTimedWaitOnTheWatermarkEndsAtItsTimeoutWhenTheRecordsNeverArrive() throws Exception {
        assertTrue(!durable.await(5, Duration.ofMillis(50)), "nothing was written");
        assertEquals(5, durable.wanted(), "the writer can see that someone waits");
    }
}
