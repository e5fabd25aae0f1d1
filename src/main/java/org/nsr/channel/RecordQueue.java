package org.nsr.channel;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.nsr.core.Ticker;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.nsr.record.Record;

/**
 * The bounded in-memory {@link Channel}: the hand-off between one source and its file writer.
 *
 * <p>A queue is full when it holds {@code capacity} records, or when the payload bytes of its
 * records ({@link Record#heldBytes()}) would pass {@code maxBytes}; a single record larger than
 * that still passes when the queue is empty, so nothing is ever refused for its size.
 * A full queue blocks its producers (back-pressure): nothing is ever dropped. The time spent
 * blocked, the depth and its high-water mark are published as metrics. Many threads may put;
 * exactly one writer drains. Once {@link #close()} is called no more puts are allowed, and the
 * writer treats "closed and empty" as the end of its input.
 *
 * <p>Why a ring of its own rather than an {@code ArrayBlockingQueue}: the sequence number of a
 * record must follow the order the writer drains in, so it is taken under the same lock as the
 * slot, one field increment per record and no lock more than before.
 */
public final class RecordQueue implements Channel {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RecordQueue.class);
    private final String name;
    private final int capacity;
    private final long maxBytes;
    private final Record[] ring;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final AtomicLong highWater = new AtomicLong();
    private final Counter accepted;
    private final Counter blockedPuts;
    private final Counter blockedNanos;
    private final Ticker ticker;
    // guarded by lock
    private int head;
    private int count;
    private long queuedBytes;
    private long acceptedSeq;
    private long drainedSeq;
    private int putsWaiting;
    private boolean wakeRequested;
    private volatile boolean closed;
    /** Set while a producer waits on a full queue, for health: 0 when none waits. */
    private volatile long blockedSinceNanos;

    public RecordQueue(String name, int capacity, Metrics metrics) {
        this(name, capacity, Long.MAX_VALUE, metrics);
    }

    public RecordQueue(String name, int capacity, long maxBytes, Metrics metrics) {
        this(name, capacity, maxBytes, metrics, Ticker.SYSTEM);
    }

    public RecordQueue(String name, int capacity, long maxBytes, Metrics metrics, Ticker ticker) {
        this(name, capacity, maxBytes, 0, metrics, ticker);
    }

    /**
     * @param lastSeq the sequence number the source reached before (a source restarted by a
     *     reload goes on counting); the first record accepted gets {@code lastSeq + 1}
     */
    public RecordQueue(String name, int capacity, long maxBytes, long lastSeq, Metrics metrics, Ticker ticker) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue " + name + ": capacity " + capacity + " must be at least 1");
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("queue " + name + ": maxBytes " + maxBytes + " must be at least 1");
        }
        this.name = name;
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.ring = new Record[capacity];
        this.ticker = ticker;
        this.acceptedSeq = lastSeq;
        this.drainedSeq = lastSeq;
        this.accepted = metrics.counter("nsr_queue_accepted_total", "Records accepted into the queue", "queue", name);
        this.blockedPuts = metrics.counter("nsr_queue_blocked_puts_total",
                "Puts that found the queue full and waited", "queue", name);
        this.blockedNanos = metrics.nanosecondsCounter("nsr_queue_blocked_seconds_total",
                "Time producers spent waiting on a full queue", "queue", name);
        metrics.gauge("nsr_queue_depth", "Records waiting in the queue", this::depth, "queue", name);
        metrics.gauge("nsr_queue_high_water", "Highest depth seen", highWater::get, "queue", name);
        metrics.gauge("nsr_queue_capacity", "Queue capacity", () -> capacity, "queue", name);
        metrics.gauge("nsr_queue_bytes", "Payload bytes of the records waiting in the queue", this::queuedBytes,
                "queue", name);
    }

    @Override
    public String name() {
        return name;
    }

    public int capacity() {
        return capacity;
    }

    @Override
    public long put(Record record) throws InterruptedException {
        long bytes = record.heldBytes();
        long seq;
        lock.lockInterruptibly();
        try {
            checkOpen(record);
            if (isFull(bytes)) {
                waitForRoom(record, bytes);
            }
            int tail = head + count;
            ring[tail >= capacity ? tail - capacity : tail] = record;
            count++;
            queuedBytes += bytes;
            seq = ++acceptedSeq;
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        accepted.increment();
        if (log.isTraceEnabled()) log.trace("queue {}: put record {} at {} ns, {} payload bytes", name, seq, record.timestampNanos(), bytes);
        return seq;
    }

    /** As {@link #put}, but gives up after {@code maxWait} on a full queue (counted as a blocked put). */
    @Override
    public long offer(Record record, java.time.Duration maxWait) throws InterruptedException {
        long bytes = record.heldBytes();
        long seq;
        lock.lockInterruptibly();
        try {
            checkOpen(record);
            if (isFull(bytes) && !waitForRoom(bytes, maxWait.toNanos())) {
                return -1;
            }
            int tail = head + count;
            ring[tail >= capacity ? tail - capacity : tail] = record;
            count++;
            queuedBytes += bytes;
            seq = ++acceptedSeq;
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        accepted.increment();
        return seq;
    }

    private boolean waitForRoom(long bytes, long nanos) throws InterruptedException {
        long start = ticker.nanoTime();
        blockedPuts.increment();
        if (putsWaiting++ == 0) {
            blockedSinceNanos = start == 0 ? 1 : start;
        }
        try {
            while (isFull(bytes)) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = notFull.awaitNanos(nanos);
            }
            return true;
        } finally {
            if (--putsWaiting == 0) {
                blockedSinceNanos = 0;
            }
            blockedNanos.add(ticker.nanoTime() - start);
        }
    }

    private boolean isFull(long bytes) {
        return count == capacity || (bytes > 0 && queuedBytes > 0 && queuedBytes + bytes > maxBytes);
    }

    private void checkOpen(Record record) {
        if (closed) {
            throw new IllegalStateException("queue " + name + " is closed; record at " + record.timestampNanos()
                    + " refused");
        }
    }

    private void waitForRoom(Record record, long bytes) throws InterruptedException {
        if (count == capacity) {
            highWater.set(capacity);
        }
        long start = ticker.nanoTime();
        blockedPuts.increment();
        if (putsWaiting++ == 0) {
            blockedSinceNanos = start == 0 ? 1 : start;
        }
        try {
            do {
                notFull.await(); // a close while waiting still lets this record in: the writer drains on
            } while (isFull(bytes));
        } finally {
            if (--putsWaiting == 0) {
                blockedSinceNanos = 0;
            }
            blockedNanos.add(ticker.nanoTime() - start);
            if (log.isDebugEnabled()) log.debug("queue {}: full at {} records, producer waited {} µs", name, count, (ticker.nanoTime() - start) / 1000);
        }
    }

    /**
     * Moves up to {@code max} records into {@code into}, waiting up to {@code waitNanos} for the
     * first one. Only the writer calls this; {@link #drainedSeq()} then tells the sequence number
     * of the last record moved.
     *
     * @return how many records were moved
     */
    public int drainTo(Collection<Record> into, int max, long waitNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            // The queue is deepest just before the writer drains it: sample the high-water mark here,
            // once per batch, instead of on every producer's put.
            if (count > highWater.get()) {
                highWater.accumulateAndGet(count, Math::max);
            }
            long nanos = waitNanos;
            while (count == 0 && nanos > 0 && !wakeRequested) {
                nanos = notEmpty.awaitNanos(nanos);
            }
            wakeRequested = false;
            int n = Math.min(max, count);
            long bytes = 0;
            for (int i = 0; i < n; i++) {
                Record r = ring[head];
                ring[head] = null;
                head = head + 1 == capacity ? 0 : head + 1;
                bytes += r.heldBytes();
                into.add(r);
            }
            count -= n;
            queuedBytes -= bytes;
            drainedSeq += n;
            if (n > 0) {
                notFull.signalAll();
                if (putsWaiting > 0) {
                    long now = ticker.nanoTime(); // progress: a new streak starts for whoever still waits
                    blockedSinceNanos = now == 0 ? 1 : now;
                }
            }
            if (n > 0 && log.isDebugEnabled()) log.debug("queue {}: writer took {} records, {} left", name, n, count);
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** The sequence number of the last record drained. Only the draining thread may ask (it wrote it). */
    public long drainedSeq() {
        return drainedSeq;
    }

    /** The sequence number of the last record accepted. */
    public long acceptedSeq() {
        lock.lock();
        try {
            return acceptedSeq;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the drainer's current wait early (someone waits for a watermark); cheap, never blocks for long. */
    public void wakeUp() {
        lock.lock();
        try {
            wakeRequested = true;
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    private long queuedBytes() {
        lock.lock();
        try {
            return queuedBytes;
        } finally {
            lock.unlock();
        }
    }

    /** No more records will be put. Called after every producer of this queue has stopped. */
    public void close() {
        lock.lock();
        try {
            if (log.isDebugEnabled()) log.debug("queue {}: closed with {} records waiting", name, count);
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** True once closed and drained: the writer has seen everything it will ever see. */
    public boolean isFinished() {
        lock.lock();
        try {
            return closed && count == 0;
        } finally {
            lock.unlock();
        }
    }

    public int depth() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    /**
     * How long producers have been waiting on this full queue with no drain in between, in
     * nanoseconds; 0 when none waits. A long streak means the writer is stuck.
     */
    public long blockedForNanos() {
        long since = blockedSinceNanos;
        return since == 0 ? 0 : Math.max(0, ticker.nanoTime() - since);
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
