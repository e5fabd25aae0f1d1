package org.nsr.aggregate;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The two byte counters of one flow in one hour, updated as a pair.
 *
 * <p>A sequence lock: a writer moves {@code version} from even to odd with a CAS (writers of the
 * same flow take turns; writers of other flows never meet), adds both counters, and makes it even
 * again. A reader copies both counters between two reads of an even, unchanged version and
 * retries otherwise, so it never sees {@code bytes_tx} of one record without its
 * {@code bytes_rx}, and never blocks a writer. The critical section is two additions, so a writer
 * spinning on a busy cell waits nanoseconds.
 */
final class PairCell {
    private static final VarHandle VERSION;
    private static final VarHandle TX;
    private static final VarHandle RX;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            VERSION = l.findVarHandle(PairCell.class, "version", long.class);
            TX = l.findVarHandle(PairCell.class, "tx", long.class);
            RX = l.findVarHandle(PairCell.class, "rx", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // through VERSION
    private volatile long version;
    @SuppressWarnings("unused") // through TX
    private long tx;
    @SuppressWarnings("unused") // through RX
    private long rx;
    /** In its hour's sorted order already; read and written only under the {@link HourTable}'s lock. */
    boolean listed;

    void add(long bytesTx, long bytesRx) {
        long v;
        while (true) {
            v = (long) VERSION.getVolatile(this);
            if ((v & 1) == 0 && VERSION.compareAndSet(this, v, v + 1)) {
                break;
            }
            Thread.onSpinWait();
        }
        // Opaque writes: a reader may see them early, but then it sees the odd version and retries.
        TX.setOpaque(this, (long) TX.getOpaque(this) + bytesTx);
        RX.setOpaque(this, (long) RX.getOpaque(this) + bytesRx);
        VERSION.setRelease(this, v + 2);
    }

    /** Both counters as of one instant between updates: {@code into[0]} tx, {@code into[1]} rx. */
    void read(long[] into) {
        while (true) {
            long v1 = (long) VERSION.getAcquire(this);
            if ((v1 & 1) == 0) {
                long t = (long) TX.getOpaque(this);
                long r = (long) RX.getOpaque(this);
                VarHandle.acquireFence(); // the counter reads complete before the version is read again
                if ((long) VERSION.getVolatile(this) == v1) {
                    into[0] = t;
                    into[1] = r;
                    return;
                }
            }
            Thread.onSpinWait();
        }
    }
}
