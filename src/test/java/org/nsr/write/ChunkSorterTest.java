package org.nsr.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.nsr.metrics.Metrics;
import org.nsr.channel.RecordQueue;
import org.nsr.record.Record;
import org.nsr.record.SortField;
import org.nsr.testing.TestRecord;
import org.nsr.write.ChunkSorter.Chunk;

class ChunkSorterTest {
    private static final long MS = 1_000_000L;

    @Test
    void outOfOrderInputFromSeveralProducerThreadsComesOutSortedPerChunk() throws Exception {
        int producers = 4;
        int perProducer = 20_000;
        RecordQueue queue = new RecordQueue("t", 1024, new Metrics());
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            Thread t = new Thread(() -> {
                Random rnd = new Random(id);
                try {
                    go.await();
                    for (int i = 0; i < perProducer; i++) {
                        // time moves forward with jitter of up to 8 ms backwards: out of order, mostly on time
                        long ts = 1_000_000 * MS + i * 100_000L - rnd.nextInt(8) * MS;
                        queue.put(new TestRecord(ts, id, i));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "producer-" + p);
            threads.add(t);
            t.start();
        }
        go.countDown();
        ChunkSorter sorter = new ChunkSorter(10 * MS, SortField.TIMESTAMP.comparator());
        List<Chunk> chunks = new ArrayList<>();
        List<Record> batch = new ArrayList<>();
        int taken = 0;
        while (taken < producers * perProducer) {
            batch.clear();
            taken += queue.drainTo(batch, 512, 50 * MS);
            batch.forEach(sorter::add);
            Chunk c;
            while ((c = sorter.pollComplete(Long.MIN_VALUE)) != null) {
                chunks.add(c);
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        Chunk c;
        while ((c = sorter.pollComplete(Long.MAX_VALUE)) != null) {
            chunks.add(c);
        }

        Set<String> seen = new HashSet<>();
        long late = 0;
        long previousChunkStart = Long.MIN_VALUE;
        for (Chunk chunk : chunks) {
            assertTrue(chunk.startNanos() > previousChunkStart, "chunks come out in time order");
            previousChunkStart = chunk.startNanos();
            late += chunk.lateRecords();
            for (int i = 1; i < chunk.records().size(); i++) {
                assertTrue(chunk.records().get(i - 1).timestampNanos() <= chunk.records().get(i).timestampNanos(),
                        "chunk at " + chunk.startNanos() + " is sorted");
            }
            for (Record r : chunk.records()) {
                TestRecord tr = (TestRecord) r;
                assertTrue(seen.add(tr.producer() + ":" + tr.seq()), "record seen twice: " + tr);
            }
        }
        assertEquals(producers * perProducer, seen.size(), "every record comes out exactly once");
        assertEquals(sorter.lateCount(), late, "late records are counted as they are written");
    }

    @Test
    void aRecordForAnAlreadyWrittenChunkIsWrittenWithTheNextChunkAndCounted() {
        ChunkSorter sorter = new ChunkSorter(10 * MS, SortField.TIMESTAMP.comparator());
        sorter.add(new TestRecord(5 * MS, 0, 0));
        sorter.add(new TestRecord(25 * MS, 0, 1));
        Chunk first = sorter.pollComplete(Long.MIN_VALUE);
        assertEquals(0, first.startNanos());
        assertNull(sorter.pollComplete(Long.MIN_VALUE), "the 20 ms chunk is not complete yet");

        sorter.add(new TestRecord(3 * MS, 1, 2)); // belongs to the written chunk: late
        assertEquals(1, sorter.lateCount());
        Chunk next = sorter.pollComplete(Long.MAX_VALUE);
        assertEquals(20 * MS, next.startNanos());
        assertEquals(1, next.lateRecords());
        assertEquals(List.of(2L, 1L), next.records().stream().map(r -> ((TestRecord) r).seq()).toList(),
                "the late record is written, sorted into the next chunk");
    }

    @Test
    void theClockCompletesAQuietSourcesChunk() {
        ChunkSorter sorter = new ChunkSorter(10 * MS, SortField.TIMESTAMP.comparator());
        sorter.add(new TestRecord(5 * MS, 0, 0));
        assertNull(sorter.pollComplete(Long.MIN_VALUE), "no later record: the data alone cannot complete it");
        assertNull(sorter.pollComplete(9 * MS), "the clock has not passed the chunk's end");
        assertEquals(1, sorter.pollComplete(10 * MS).records().size());
    }

    @Test
    void bytesSortDescendingWithTiesInTimeOrderAndFullTiesInArrivalOrder() {
        ChunkSorter sorter = new ChunkSorter(10 * MS, SortField.BYTES.comparator());
        sorter.add(new TestRecord(3 * MS, 0, 0, 100));
        sorter.add(new TestRecord(1 * MS, 0, 1, 500));
        sorter.add(new TestRecord(2 * MS, 0, 2, 100));
        sorter.add(new TestRecord(2 * MS, 0, 3, 100));
        List<Long> order = sorter.pollComplete(Long.MAX_VALUE).records().stream()
                .map(r -> ((TestRecord) r).seq()).toList();
        assertEquals(List.of(1L, 2L, 3L, 0L), order);
    }
}
