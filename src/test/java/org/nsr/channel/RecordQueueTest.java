package org.nsr.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nsr.metrics.Metrics;
import org.nsr.record.LineBuffer;
import org.nsr.record.Record;
import org.nsr.testing.TestRecord;

class RecordQueueTest {
    private final Metrics metrics = new Metrics();

    /** A record holding {@code bytes} of payload, like a large poll response. */
    private record Big(long timestampNanos, long heldBytes) implements Record {
        @Override
        public void writeJson(LineBuffer out) {
            out.appendAscii("{}");
        }
    }

    private static Thread putter(RecordQueue q, Record r, CountDownLatch done) {
        Thread t = new Thread(() -> {
            try {
                q.put(r);
                done.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        return t;
    }

    /** Waits, with a deadline, until {@code t} is parked: the put is really blocked, not just slow. */
    private static void awaitBlocked(Thread t) throws InterruptedException {
        org.nsr.testing.JarProcess.awaitCondition("the producer blocked", 10,
                () -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING);
    }

    @Test
    void aFullQueueBlocksItsProducerUntilTheWriterDrainsAndCountsTheWait() throws Exception {
        RecordQueue q = new RecordQueue("q", 2, metrics);
        q.put(new TestRecord(1, 0, 0));
        q.put(new TestRecord(2, 0, 1));
        CountDownLatch done = new CountDownLatch(1);
        awaitBlocked(putter(q, new TestRecord(3, 0, 2), done));
        assertEquals(1, done.getCount(), "the third put waits: nothing is dropped");
        List<Record> out = new ArrayList<>();
        assertEquals(2, q.drainTo(out, 10, 0));
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(1, metrics.value("nsr_queue_blocked_puts_total", "queue", "q"));
        assertEquals(3, q.acceptedCount());
        assertEquals(2, q.highWater());
    }

    @Test
    void payloadBytesBoundTheQueueButALoneOversizedRecordStillPasses() throws Exception {
        RecordQueue q = new RecordQueue("q", 100, 1000, metrics);
        q.put(new Big(1, 5000)); // larger than the whole budget: accepted into an empty queue
        CountDownLatch done = new CountDownLatch(1);
        awaitBlocked(putter(q, new Big(2, 10), done));
        assertEquals(1, done.getCount(), "no room for more bytes until the writer drains");
        assertEquals(5000.0, metrics.value("nsr_queue_bytes", "queue", "q"));
        List<Record> out = new ArrayList<>();
        q.drainTo(out, 10, 0);
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(10.0, metrics.value("nsr_queue_bytes", "queue", "q"));
    }

    @Test
    void aClosedQueueRefusesPutsAndIsFinishedOnceDrained() throws Exception {
        RecordQueue q = new RecordQueue("q", 10, metrics);
        q.put(new TestRecord(1, 0, 0));
        q.close();
        assertFalse(q.isFinished(), "closed but not drained");
        assertThrows(IllegalStateException.class, () -> q.put(new TestRecord(2, 0, 1)));
        q.drainTo(new ArrayList<>(), 10, 0);
        assertTrue(q.isFinished());
    }
}
