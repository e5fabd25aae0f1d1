package org.nsr.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.nsr.index.KeyMatch;
import org.nsr.record.LineBuffer;
import org.nsr.record.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code query feed ... subscribe}: a bounded buffer the sources' taps offer every record to
 * (never waiting), and a delivery loop on its own thread that keeps the records matching the key
 * and writes them to the connection.
 *
 * <p>Two phases. While the stored part is read ({@code SEAM}) the loop only collects the matching
 * lines; {@link #goLive} hands them to the reader of the stored part, which leaves out of the
 * stored part what is among them and writes them after it. From then on ({@code LIVE}) the loop
 * writes what it matches itself. A full buffer ends the subscription with a counted reason; the
 * recorder never waits for a subscriber.
 */
final class Subscription implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Subscription.class);
    private static final int BATCH = 1024;
    private static final long FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /** Why a subscription ended; the ones that tell get a final {@code error:} line from the loop. */
    enum End {
        UNSUBSCRIBED(false), DISCONNECTED(false), CANCELLED(true), STOPPING(true), SLOW(true);

        final boolean tells;

        End(boolean tells) {
            this.tells = tells;
        }

        String metric() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Where a subscription writes: its connection, under the connection's output lock. */
    interface Output {
        /**
         * Writes the lines, then {@code finalLine} if not null, flushed when asked. Gives up
         * (false) when {@code wanted} turns false while it waits for the lock, or the output failed.
         */
        boolean write(List<byte[]> lines, String finalLine, boolean flush, java.util.function.BooleanSupplier wanted);
    }

    final long id;
    final Command.Query query;
    final String peer;
    private final SubscriptionHub hub;
    private final Output out;
    private final ArrayBlockingQueue<Record> buffer;
    private final AtomicLong offered = new AtomicLong();
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private final AtomicLong delivered = new AtomicLong();
    private final CountDownLatch done = new CountDownLatch(1);
    private final Object seam = new Object();
    private List<byte[]> pendingLive = new ArrayList<>(); // guarded by seam; null once live
    private long taken; // guarded by seam
    private boolean abandoned; // guarded by seam
    private volatile End end;

    Subscription(long id, Command.Query query, String peer, SubscriptionHub hub, Output out) {
        this.id = id;
        this.query = query;
        this.peer = peer;
        this.hub = hub;
        this.out = out;
        this.buffer = new ArrayBlockingQueue<>(hub.bufferRecords());
    }

    /** From a source's producer thread: never waits. */
    void offer(Record r) {
        if (end != null || overflowed.get()) {
            return;
        }
        if (buffer.offer(r)) {
            offered.incrementAndGet();
        } else {
            overflow();
        }
    }

    private void overflow() {
        if (overflowed.compareAndSet(false, true)) {
            hub.droppedSlow.increment();
            log.warn("console subscription {} of {} dropped: its buffer of {} records filled, the client reads too "
                    + "slowly (counted in nsr_console_subscriptions_dropped_total{{reason=\"slow\"}})", id, peer,
                    hub.bufferRecords());
        }
    }

    long delivered() {
        return delivered.get();
    }

    int buffered() {
        return buffer.size();
    }

    void addDelivered(long n) {
        delivered.addAndGet(n);
        hub.delivered.add(n);
    }

    /** Ends the subscription; the first reason wins. Idempotent. */
    void end(End why) {
        synchronized (seam) {
            if (end == null) {
                end = why;
                hub.endedBy(why.metric()).increment();
            }
            seam.notifyAll();
        }
        if (why != End.STOPPING) {
            hub.close(this); // no more records; at a stop the loop first hands on what it holds
        }
    }

    boolean awaitDone(Duration timeout) throws InterruptedException {
        return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Waits until the loop has matched every record offered so far, then returns the lines it
     * collected and turns the subscription live.
     *
     * @throws IllegalStateException with the reason when it ended or its buffer filled meanwhile
     */
    List<byte[]> goLive(Duration timeout) throws InterruptedException {
        long mark = offered.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (seam) {
            while (taken < mark && end == null && !overflowed.get()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("its delivery thread did not catch up within "
                            + timeout.toSeconds() + " s");
                }
                TimeUnit.NANOSECONDS.timedWait(seam, left);
            }
            if (overflowed.get()) {
                end = End.SLOW; // told by the reply of the subscribe command itself
                throw new IllegalStateException("dropped: more than " + hub.bufferRecords() + " records came while "
                        + "the stored part was read (Recorder.data.console.subscription_buffer)");
            }
            if (end != null) {
                throw new IllegalStateException("ended: " + end.metric());
            }
            List<byte[]> l = pendingLive;
            pendingLive = null;
            return l;
        }
    }

    @Override
    public void run() {
        KeyMatch match = new KeyMatch(query.kind(), query.key(), query.fromNanos(), query.toNanos());
        LineBuffer line = new LineBuffer(4096);
        List<Record> batch = new ArrayList<>(BATCH);
        List<byte[]> lines = new ArrayList<>();
        long lastFlush = System.nanoTime();
        boolean unflushed = false;
        try {
            while (true) {
                batch.clear();
                lines.clear();
                Record first = buffer.poll(20, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    buffer.drainTo(batch, BATCH - 1);
                }
                for (Record r : batch) {
                    line.reset();
                    r.writeJson(line);
                    match.linesOf(line.array(), 0, line.size(), lines::add);
                }
                if (collectWhileSeam(lines, batch.size())) {
                    continue;
                }
                if (!live()) {
                    return; // ended before it went live: the subscribe command's own reply says why
                }
                End why = end;
                if (overflowed.get()) {
                    finish("error: subscription " + id + " dropped after " + delivered() + " records: its buffer of "
                            + hub.bufferRecords() + " records filled, the client reads too slowly "
                            + "(Recorder.data.console.subscription_buffer)");
                    return;
                }
                if (why != null && why != End.STOPPING) {
                    if (why.tells) {
                        finish("error: subscription " + id + " " + why.metric() + " after " + delivered() + " records");
                    }
                    return; // closed by its connection: nothing more is written
                }
                long now = System.nanoTime();
                boolean flush = buffer.isEmpty() || now - lastFlush > FLUSH_NANOS;
                if (!lines.isEmpty() || (flush && unflushed)) {
                    if (!out.write(lines, null, flush, this::writable)) {
                        end(End.DISCONNECTED);
                        return;
                    }
                    addDelivered(lines.size());
                    unflushed = !flush;
                    if (flush) {
                        lastFlush = now;
                    }
                }
                if (why == End.STOPPING && first == null && buffer.isEmpty()) {
                    finish("error: recorder stopping");
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("console subscription {} of {} failed", id, peer, e);
            finish("error: subscription " + id + " failed: " + e);
        } finally {
            hub.close(this);
            done.countDown();
        }
    }

    /** In the seam phase, keeps the lines for {@link #goLive}; true if it did. */
    private boolean collectWhileSeam(List<byte[]> lines, int records) {
        synchronized (seam) {
            if (pendingLive == null) {
                return false;
            }
            if (abandoned || end != null && end != End.STOPPING || overflowed.get()) {
                taken += records;
                seam.notifyAll();
                return false; // ended before it went live: the loop ends
            }
            pendingLive.addAll(lines);
            if (pendingLive.size() > hub.bufferRecords()) {
                overflow();
            }
            taken += records;
            seam.notifyAll();
            return true;
        }
    }

    private boolean live() {
        synchronized (seam) {
            return pendingLive == null;
        }
    }

    /** The stored part failed (cancelled, refused): the loop ends without a word, the command's reply tells. */
    void abandon() {
        synchronized (seam) {
            abandoned = true;
            seam.notifyAll();
        }
        end(End.CANCELLED);
    }

    private boolean writable() {
        End e = end;
        return e == null || e == End.STOPPING || e.tells;
    }

    private void finish(String finalLine) {
        if (!out.write(List.of(), finalLine, true, () -> true)) {
            log.debug("console subscription {}: could not tell {} '{}'", id, peer, finalLine);
        }
    }
}
