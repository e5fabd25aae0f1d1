package org.nsr.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.nsr.lifecycle.AbstractExecutionThreadService;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.nsr.record.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sink that never blocks its source: records wait in a bounded buffer for the tap's own
 * thread, which hands them to a {@link Consumer} (a dashboard, a console subscription, a Redis
 * or Kafka mirror). When the buffer is full the record is dropped and counted in
 * {@code nsr_sink_dropped_total{source=,sink=}}; the first drop of a streak is logged.
 *
 * <p>Lifecycle: a {@link org.nsr.lifecycle.Service}; at stop it hands on what is buffered and ends,
 * then closes its consumer when that is {@link AutoCloseable} (a mirror's connection).
 */
public final class LiveTap extends AbstractExecutionThreadService implements Sink {
    private static final Logger log = LoggerFactory.getLogger(LiveTap.class);
    private static final int BATCH = 1024;

    /** What the tap hands records to, on the tap's thread; may be slow. */
    @FunctionalInterface
    public interface Consumer {
        void take(Record record, long seq) throws Exception;

        /**
         * Called after each run of records taken from the buffer, so a consumer that batches (a
         * Redis pipeline) sends what it holds. Records it then fails to hand on it counts itself.
         */
        default void endOfBatch() throws Exception {
        }
    }

    private record Item(Record record, long seq) {
    }

    private final String source;
    private final String tapName;
    private final ArrayBlockingQueue<Item> buffer;
    private final Consumer consumer;
    private final Counter dropped;
    private final Counter delivered;
    private volatile boolean stopping;
    private boolean dropping; // only the accepting (ordered) thread touches it

    public LiveTap(String source, String tapName, int capacity, Consumer consumer, Metrics metrics) {
        super("tap " + tapName + " " + source);
        this.source = source;
        this.tapName = tapName;
        this.buffer = new ArrayBlockingQueue<>(capacity);
        this.consumer = consumer;
        this.dropped = metrics.counter("nsr_sink_dropped_total", "Records a non-blocking sink dropped because it was "
                + "behind", "source", source, "sink", tapName);
        this.delivered = metrics.counter("nsr_sink_records_total", "Records a sink handed on", "source", source,
                "sink", tapName);
    }

    @Override
    public String name() {
        return tapName;
    }

    @Override
    public boolean mayBlock() {
        return false;
    }

    @Override
    public void accept(Record record, long seq) {
        if (buffer.offer(new Item(record, seq))) {
            dropping = false;
            return;
        }
        dropped.increment();
        if (!dropping) {
            dropping = true;
            log.warn("tap {} of {} is behind: dropping records (counted in nsr_sink_dropped_total) until it catches up",
                    tapName, source);
        }
    }

    public long droppedCount() {
        return dropped.get();
    }

    @Override
    protected void run() throws InterruptedException {
        List<Item> batch = new ArrayList<>(BATCH);
        while (true) {
            batch.clear();
            Item first = buffer.poll(100, TimeUnit.MILLISECONDS);
            if (first == null) {
                if (stopping) {
                    return;
                }
                continue;
            }
            batch.add(first);
            buffer.drainTo(batch, BATCH - 1);
            for (Item i : batch) {
                try {
                    consumer.take(i.record(), i.seq());
                    delivered.increment();
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    dropped.increment();
                    log.warn("tap {} of {}: its consumer failed on record {}; the record is dropped and counted",
                            tapName, source, i.seq(), e);
                }
            }
            try {
                consumer.endOfBatch();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                log.warn("tap {} of {}: its consumer failed to hand on a batch", tapName, source, e);
            }
        }
    }

    @Override
    protected void shutDown() throws Exception {
        if (consumer instanceof AutoCloseable c) {
            c.close();
        }
    }

    @Override
    protected void triggerShutdown() {
        stopping = true;
    }
}
