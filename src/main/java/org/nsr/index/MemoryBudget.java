package org.nsr.index;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes the index may hold on the heap ({@code index.memory}): the key buffers of the files
 * being indexed and the memory tables waiting to be written. A buffer that cannot grow within the
 * budget is sorted and spilled to disk; memory tables over a quarter of it are written early.
 * Thread-safe.
 */
final class MemoryBudget {
    private final long limit;
    private final AtomicLong used = new AtomicLong();

    MemoryBudget(long limit) {
        this.limit = limit;
    }

    /** Reserves {@code n} bytes if they fit. */
    boolean tryReserve(long n) {
        while (true) {
            long u = used.get();
            if (u + n > limit) {
                return false;
            }
            if (used.compareAndSet(u, u + n)) {
                return true;
            }
        }
    }

    /** Reserves {@code n} bytes even over the limit (memory already held). */
    void force(long n) {
        used.addAndGet(n);
    }

    void release(long n) {
        used.addAndGet(-n);
    }

    long used() {
        return used.get();
    }

    long limit() {
        return limit;
    }
}
