package org.nsr.testing;

import java.util.ArrayList;
import java.util.List;
import org.nsr.channel.Channel;
import org.nsr.record.LineBuffer;
import org.nsr.record.Record;

/** A channel that keeps every record's JSON line, numbering them from {@code first}. Thread-safe. */
public final class ListChannel implements Channel {
    private final String name;
    private final List<String> lines = new ArrayList<>();
    private long seq;

    public ListChannel(String name, long after) {
        this.name = name;
        this.seq = after;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized long put(Record record) {
        LineBuffer b = new LineBuffer(256);
        record.writeJson(b);
        lines.add(b.toString());
        notifyAll();
        return ++seq;
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    public synchronized long seq() {
        return seq;
    }

    /** Waits until {@code n} lines arrived, failing after 30 s. */
    public synchronized void awaitLines(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (lines.size() < n) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new AssertionError("only " + lines.size() + " of " + n + " records arrived within 30 s");
            }
            wait(left);
        }
    }
}
