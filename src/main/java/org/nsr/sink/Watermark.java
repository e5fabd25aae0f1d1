package org.nsr.sink;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One source's progress through one stage, as a sequence number N: every record up to N has
 * reached the stage (durable: fsynced in a {@code .json.part} or {@code .json}; archived: in a
 * verified zip). It only grows.
 *
 * <p>A component waits for its record with {@link #await} or {@link #whenAtLeast}, or follows
 * every advance with {@link #subscribe}. A wait also tells the stage that someone is waiting
 * ({@link #wanted()}): the writer fsyncs for the durable watermark only then, so when nobody
 * waits it costs nothing.
 *
 * <p>Thread-safe. Subscribers and futures run on the advancing thread and must not block.
 */
public final class Watermark {
    private static final Logger log = LoggerFactory.getLogger(Watermark.class);

    private final String name;
    private final Object lock = new Object();
    private final AtomicLong wanted = new AtomicLong();
    private final List<LongConsumer> subscribers = new CopyOnWriteArrayList<>();
    private final List<Pending> pending = new java.util.ArrayList<>(); // guarded by lock
    private volatile long value;
    private volatile Runnable onWanted = () -> { };

    private record Pending(long seq, CompletableFuture<Long> future) {
    }

    public Watermark(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public long value() {
        return value;
    }

    /** The highest sequence number anyone waits for; above {@link #value()} while a wait is open. */
    public long wanted() {
        return wanted.get();
    }

    /** Called (on the waiting thread) when a new wait begins: the stage may want to wake up. */
    public void onWanted(Runnable hook) {
        this.onWanted = hook;
    }

    /**
     * Waits until the watermark reaches {@code seq}.
     *
     * @return true if it did within {@code timeout}
     */
    public boolean await(long seq, Duration timeout) throws InterruptedException {
        if (value >= seq) {
            return true;
        }
        want(seq);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (value < seq) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /** A future completed (with the watermark's value) once it reaches {@code seq}. */
    public CompletableFuture<Long> whenAtLeast(long seq) {
        CompletableFuture<Long> f = new CompletableFuture<>();
        synchronized (lock) {
            if (value >= seq) {
                f.complete(value);
                return f;
            }
            pending.add(new Pending(seq, f));
        }
        want(seq);
        return f;
    }

    /** Calls {@code subscriber} with the new value at every advance. */
    public void subscribe(LongConsumer subscriber) {
        subscribers.add(subscriber);
    }

    /**
     * Tells the stage that someone needs the watermark at {@code seq}, without waiting: what a
     * watermark derived from this one (a source's, over its storage classes) passes on.
     */
    public void want(long seq) {
        wanted.accumulateAndGet(seq, Math::max);
        onWanted.run();
    }

    /** Moves the watermark to {@code seq} if that is higher; called by the stage's own thread. */
    public void advanceTo(long seq) {
        List<Pending> due = null;
        synchronized (lock) {
            if (seq <= value) {
                return;
            }
            value = seq;
            lock.notifyAll();
            if (!pending.isEmpty()) {
                due = new java.util.ArrayList<>();
                for (var it = pending.iterator(); it.hasNext();) {
                    Pending p = it.next();
                    if (p.seq() <= seq) {
                        due.add(p);
                        it.remove();
                    }
                }
            }
        }
        if (due != null) {
            due.forEach(p -> p.future().complete(seq));
        }
        for (LongConsumer s : subscribers) {
            try {
                s.accept(seq);
            } catch (RuntimeException e) {
                log.warn("{}: a subscriber failed at {}", name, seq, e);
            }
        }
    }
}
