package org.nsr.queue;

import java.util.Collection;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.nsr.record.Record;

/**
 * The named, bounded hand-off between one source and its writer.
 *
 * <p>A queue is full when it holds {@code capacity} records, or when the payload bytes of its
 * records ({@link Record#heldBytes()}) would pass {@code maxBytes}; a single record larger than
 * that still passes when the queue is empty, so nothing is ever refused for its size.
 * A full queue blocks its producers (back-pressure): nothing is ever dropped. The time spent
 * blocked, the depth and its high-water mark are published as metrics. Many threads may put;
 * exactly one writer drains. Once {@link #close()} is called no more puts are allowed, and the
 * writer treats "closed and empty" as the end of its input.
 */
public final class RecordQueue {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RecordQueue.class);
    private final String name;
    private final int capacity;
    private final ArrayBlockingQueue<Record> items;
    /** Puts past the closed check and not yet in the queue: the writer is not finished while any exist. */
    private final AtomicInteger putsInFlight = new AtomicInteger();
    private final AtomicLong highWater = new AtomicLong();
    private final Counter accepted;
    private final Counter blockedPuts;
    private final Counter blockedNanos;
    private final long maxBytes;
    private final Object bytesLock = new Object();
    private long queuedBytes;
    private volatile boolean closed;

    public RecordQueue(String name, int capacity, Metrics metrics) {
        this(name, capacity, Long.MAX_VALUE, metrics);
    }

    public RecordQueue(String name, int capacity, long maxBytes, Metrics metrics) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue " + name + ": capacity " + capacity + " must be at least 1");
        }
        this.name = name;
        this.capacity = capacity;
        if (maxBytes < 1) {
            throw new IllegalArgumentException("queue " + name + ": maxBytes " + maxBytes + " must be at least 1");
        }
        this.items = new ArrayBlockingQueue<>(capacity);
        this.maxBytes = maxBytes;
        this.accepted = metrics.counter("nsr_queue_accepted_total", "Records accepted into the queue", "queue", name);
        this.blockedPuts = metrics.counter("nsr_queue_blocked_puts_total",
                "Puts that found the queue full and waited", "queue", name);
        this.blockedNanos = metrics.nanosecondsCounter("nsr_queue_blocked_seconds_total",
                "Time producers spent waiting on a full queue", "queue", name);
        metrics.gauge("nsr_queue_depth", "Records waiting in the queue", items::size, "queue", name);
        metrics.gauge("nsr_queue_high_water", "Highest depth seen", highWater::get, "queue", name);
        metrics.gauge("nsr_queue_capacity", "Queue capacity", () -> capacity, "queue", name);
        metrics.gauge("nsr_queue_bytes", "Payload bytes of the records waiting in the queue", this::queuedBytes,
                "queue", name);
    }

    public String name() {
        return name;
    }

    public int capacity() {
        return capacity;
    }

    /**
     * Hands a record to the writer, waiting while the queue is full.
     *
     * @throws IllegalStateException if the queue was already closed (a producer outlived its stop)
     */
    public void put(Record record) throws InterruptedException {
        putsInFlight.incrementAndGet();
        try {
            if (closed) {
                throw new IllegalStateException("queue " + name + " is closed; record at " + record.timestampNanos()
                        + " refused");
            }
            long bytes = record.heldBytes();
            if (bytes > 0) {
                reserveBytes(bytes);
            }
            if (!items.offer(record)) {
                highWater.set(capacity);
                long start = System.nanoTime();
                blockedPuts.increment();
                try {
                    items.put(record);
                } catch (InterruptedException e) {
                    releaseBytes(bytes); // the record never got in: give back what it reserved
                    throw e;
                } finally {
                    blockedNanos.add(System.nanoTime() - start);
                    if (log.isDebugEnabled()) log.debug("queue {}: full at {} records, producer waited {} µs", name, capacity, (System.nanoTime() - start) / 1000);
                }
            }
        } finally {
            putsInFlight.decrementAndGet();
        }
        accepted.increment();
        if (log.isTraceEnabled()) log.trace("queue {}: put record at {} ns, {} payload bytes", name, record.timestampNanos(), record.heldBytes());
    }

    /**
     * Moves up to {@code max} records into {@code into}, waiting up to {@code waitNanos} for the
     * first one. Only the writer calls this.
     *
     * @return how many records were moved
     */
    public int drainTo(Collection<Record> into, int max, long waitNanos) throws InterruptedException {
        // The queue is deepest just before the writer drains it: sample the high-water mark here,
        // once per batch, instead of on every producer's put.
        int size = items.size();
        if (size > highWater.get()) {
            highWater.accumulateAndGet(size, Math::max);
        }
        int n = items.drainTo(into, max);
        if (n == 0 && waitNanos > 0) {
            Record first = items.poll(waitNanos, TimeUnit.NANOSECONDS);
            if (first == null) {
                return 0;
            }
            into.add(first);
            n = 1 + items.drainTo(into, max - 1);
        }
        releaseBytes(into, n);
        if (n > 0 && log.isDebugEnabled()) log.debug("queue {}: writer took {} records, {} left", name, n, items.size());
        return n;
    }

    /** Waits until the queue's payload bytes leave room for {@code bytes} more (or the queue is empty). */
    private void reserveBytes(long bytes) throws InterruptedException {
        synchronized (bytesLock) {
            if (queuedBytes > 0 && queuedBytes + bytes > maxBytes) {
                long start = System.nanoTime();
                blockedPuts.increment();
                while (queuedBytes > 0 && queuedBytes + bytes > maxBytes) {
                    bytesLock.wait();
                }
                blockedNanos.add(System.nanoTime() - start);
            }
            queuedBytes += bytes;
        }
    }

    private void releaseBytes(Collection<Record> drained, int n) {
        long bytes = 0;
        int i = 0;
        int skip = drained.size() - n; // only the records this call added
        for (Record r : drained) {
            if (i++ >= skip) {
                bytes += r.heldBytes();
            }
        }
        releaseBytes(bytes);
    }

    private void releaseBytes(long bytes) {
        if (bytes > 0) {
            synchronized (bytesLock) {
                queuedBytes -= bytes;
                bytesLock.notifyAll();
            }
        }
    }

    private long queuedBytes() {
        synchronized (bytesLock) {
            return queuedBytes;
        }
    }

    /** No more records will be put. Called after every producer of this queue has stopped. */
    public void close() {
        if (log.isDebugEnabled()) log.debug("queue {}: closed with {} records waiting", name, items.size());
        closed = true;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * True once closed and drained: the writer has seen everything it will ever see. A put that
     * passed its closed check before {@link #close()} is waited for, so it cannot land unseen.
     */
    public boolean isFinished() {
        return closed && putsInFlight.get() == 0 && items.isEmpty();
    }

    public int depth() {
        return items.size();
    }

    public long highWater() {
        return highWater.get();
    }

    public long acceptedCount() {
        return accepted.get();
    }

    public long blockedNanos() {
        return blockedNanos.get();
    }
}
