package org.nsr.produce;

import java.lang.management.ManagementFactory;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.nsr.core.StopSignal;
import org.nsr.redis.RedisUnavailableException;
import org.nsr.redis.StreamWriter;
import org.nsr.redis.XaddBatch;

/**
 * Sends filled batches on a thread of its own, so the CSV is read and encoded while Redis works
 * through the previous batch (one thread did both in turn, and each waited for the other). The
 * hand-off is bounded: {@code queued} filled batches wait at most, and batches are reused, so
 * memory is {@code queued + 2} batches whatever the file's size. A batch counts as sent when
 * Redis has acknowledged all of it; the writer's retry with backoff and its count of resent
 * entries stay as they are, since one batch is retried whole.
 *
 * <p>The reading thread calls {@link #emptyBatch}, {@link #handOff} and {@link #finish}; the
 * sender's failure is raised to it at its next call. After a failure the sender goes on taking
 * (and dropping) batches, so the reading thread never waits forever.
 */
final class BatchPipeline implements AutoCloseable {
    private final StreamWriter writer;
    private final StopSignal stop;
    private final int batchBytes;
    private final BlockingQueue<XaddBatch> filled;
    private final BlockingQueue<XaddBatch> free;
    private final XaddBatch end;
    private final Thread thread;
    private int created;
    private final int maxBatches;
    private volatile long sent;
    private volatile long senderCpuNanos;
    private volatile Exception failure;

    BatchPipeline(StreamWriter writer, StopSignal stop, int queued, int batchBytes) {
        this.writer = writer;
        this.stop = stop;
        this.batchBytes = batchBytes;
        this.filled = new ArrayBlockingQueue<>(queued + 1);
        this.maxBatches = queued + 2;
        this.free = new ArrayBlockingQueue<>(maxBatches);
        this.end = writer.newBatch(16);
        this.thread = new Thread(this::sendAll, "produce sender " + writer.stream());
        thread.setDaemon(true);
        thread.start();
    }

    /** A cleared batch to fill: a new one while fewer than the bound exist, else the next one sent. */
    XaddBatch emptyBatch() throws RedisUnavailableException, InterruptedException {
        raiseFailure();
        XaddBatch b = free.poll();
        if (b == null && created < maxBatches) {
            created++;
            return writer.newBatch(batchBytes);
        }
        return b != null ? b : free.take();
    }

    /** Queues a filled batch; waits while {@code queued} batches wait already. */
    void handOff(XaddBatch batch) throws RedisUnavailableException, InterruptedException {
        raiseFailure();
        if (batch.isEmpty()) {
            free.put(batch);
            return;
        }
        filled.put(batch);
    }

    /** Waits until every handed-off batch is acknowledged, and ends the sender. */
    void finish() throws RedisUnavailableException, InterruptedException {
        filled.put(end);
        thread.join();
        raiseFailure();
    }

    /** Entries Redis has acknowledged so far. */
    long sent() {
        return sent;
    }

    /** CPU time of the sending thread, once it has ended. */
    long senderCpuNanos() {
        return senderCpuNanos;
    }

    private void raiseFailure() throws RedisUnavailableException, InterruptedException {
        Exception e = failure;
        if (e instanceof RedisUnavailableException r) {
            throw r;
        }
        if (e instanceof InterruptedException i) {
            throw i;
        }
        if (e != null) {
            throw new IllegalStateException("the produce sender failed", e);
        }
    }

    private void sendAll() {
        try {
            while (true) {
                XaddBatch b = filled.take();
                if (b == end) {
                    return;
                }
                if (failure == null) {
                    try {
                        writer.add(b, stop);
                        sent += b.entries();
                    } catch (RedisUnavailableException | InterruptedException | RuntimeException e) {
                        failure = e;
                    }
                }
                b.clear();
                free.put(b);
            }
        } catch (InterruptedException e) {
            failure = e;
        } finally {
            senderCpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        }
    }

    /** Ends the sender if {@link #finish} was not reached (the reading thread failed). */
    @Override
    public void close() throws InterruptedException {
        if (thread.isAlive()) {
            filled.clear();
            if (!filled.offer(end)) {
                thread.interrupt();
            }
            thread.join();
        }
    }
}
