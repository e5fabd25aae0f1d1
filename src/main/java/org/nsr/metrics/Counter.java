package org.nsr.metrics;

import java.util.concurrent.atomic.LongAdder;

/** A monotonically increasing count, cheap to bump from many threads at once. */
public final class Counter {
    private final LongAdder adder = new LongAdder();

    public void increment() {
        adder.increment();
    }

    public void add(long amount) {
        adder.add(amount);
    }

    public long get() {
        return adder.sum();
    }
}
