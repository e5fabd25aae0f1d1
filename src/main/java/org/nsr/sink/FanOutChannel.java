package org.nsr.sink;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.nsr.channel.Channel;
import org.nsr.record.Record;

/**
 * A {@link Channel} that hands each record of one source to several sinks, in sequence order.
 *
 * <p>One lock numbers the records and keeps every sink's order the same as the sequence order
 * when several producer threads put at once. A blocking sink (the file writer) that is behind
 * holds the lock while it waits, so the other producers wait too: the same back-pressure as a
 * full queue. A non-blocking sink drops instead. A source with the file writer as its only sink
 * is given the writer's queue itself, so it pays nothing for this.
 */
public final class FanOutChannel implements Channel {
    private final String name;
    private final Sink[] sinks;
    private final ReentrantLock order = new ReentrantLock();
    private long seq;

    /** @param sinks the sinks in the order each record is handed to them; the blocking ones first is best */
    public FanOutChannel(String name, long lastSeq, List<Sink> sinks) {
        if (sinks.isEmpty()) {
            throw new IllegalArgumentException("channel " + name + ": no sinks");
        }
        this.name = name;
        this.seq = lastSeq;
        this.sinks = sinks.toArray(new Sink[0]);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long put(Record record) throws InterruptedException {
        order.lockInterruptibly();
        try {
            long n = seq + 1;
            for (Sink s : sinks) {
                s.accept(record, n);
            }
            seq = n;
            return n;
        } finally {
            order.unlock();
        }
    }
}
