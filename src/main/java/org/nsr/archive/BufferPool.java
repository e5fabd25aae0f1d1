package org.nsr.archive;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.Supplier;

/**
 * Buffers handed back for reuse, at most {@code capacity} of them kept: {@link #take} reuses one
 * or makes a new one, {@link #give} keeps it unless the pool is full (then it is left to the GC).
 * What {@link BlockDeflater} uses so a file's blocks do not cost a new 256 KiB array each.
 * Thread-safe; a buffer must not be used after it is given back.
 */
final class BufferPool<T> {
    private final ArrayBlockingQueue<T> free;
    private final Supplier<T> factory;

    BufferPool(int capacity, Supplier<T> factory) {
        this.free = new ArrayBlockingQueue<>(capacity);
        this.factory = factory;
    }

    T take() {
        T t = free.poll();
        return t != null ? t : factory.get();
    }

    void give(T t) {
        free.offer(t);
    }

    /** Buffers kept now. */
    int kept() {
        return free.size();
    }
}
