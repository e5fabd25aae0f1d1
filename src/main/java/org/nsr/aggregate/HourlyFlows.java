package org.nsr.aggregate;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The per-hour flow sums kept in memory: a concurrent map from epoch hour to its
 * {@link HourTable}, holding at most {@code hoursInMemory} hours, the newest ones.
 *
 * <p>When a record opens an hour past the bound, the oldest hours leave memory and everything at
 * or before them is {@linkplain #inMemory answered elsewhere} (from the recording) from then on;
 * a record that arrives for such an hour is counted in {@link #recordsForOldHours()} and only
 * recorded. An hour nobody wrote to has no table: asking for it allocates nothing.
 *
 * <p>Thread-safe; many writers and readers at once.
 */
public final class HourlyFlows {
    private static final long HOUR_MS = 3_600_000L;

    private final int hoursInMemory;
    private final ConcurrentHashMap<Long, HourTable> hours = new ConcurrentHashMap<>();
    private final ConcurrentSkipListSet<Long> order = new ConcurrentSkipListSet<>();
    /** Every epoch hour at or below this one has left memory (or never could enter it). */
    private final AtomicLong evictedThrough = new AtomicLong(Long.MIN_VALUE);
    private final LongAdder oldHourRecords = new LongAdder();
    private final LongAdder evictedHours = new LongAdder();
    /**
     * The table of epoch hour h at slot {@code h % RECENT}, when it is in memory: a record's lookup
     * then boxes no {@code Long} and probes no map. A slot may be empty or hold another hour; the
     * map stays the truth.
     */
    private final AtomicReferenceArray<HourTable> recent = new AtomicReferenceArray<>(RECENT);
    private static final int RECENT = 256;

    public HourlyFlows(int hoursInMemory) {
        if (hoursInMemory < 1) {
            throw new IllegalArgumentException("hoursInMemory " + hoursInMemory + " must be at least 1");
        }
        this.hoursInMemory = hoursInMemory;
    }

    /** Adds one record's bytes to its flow in the hour starting at {@code hourStartMillis}. */
    public void add(long hourStartMillis, FlowKey flow, long bytesTx, long bytesRx) {
        long hour = Math.floorDiv(hourStartMillis, HOUR_MS);
        int slot = (int) Math.floorMod(hour, (long) RECENT);
        HourTable t = recent.get(slot);
        if (t != null && t.hour() == hour) {
            t.add(flow, bytesTx, bytesRx);
            return;
        }
        t = hours.get(hour);
        if (t == null) {
            if (hour <= evictedThrough.get()) {
                oldHourRecords.increment();
                return;
            }
            t = hours.computeIfAbsent(hour, h -> new HourTable(h * HOUR_MS));
            if (order.add(hour)) {
                evictBeyondBound();
            }
        }
        if (hour > evictedThrough.get()) {
            recent.set(slot, t);
            if (hour <= evictedThrough.get()) {
                recent.compareAndSet(slot, t, null); // evicted meanwhile: do not keep it reachable
            }
        }
        t.add(flow, bytesTx, bytesRx);
    }

    private void evictBeyondBound() {
        while (order.size() > hoursInMemory) {
            Long oldest = order.pollFirst();
            if (oldest == null) {
                return;
            }
            evictedThrough.accumulateAndGet(oldest, Math::max);
            HourTable gone = hours.remove(oldest);
            if (gone != null) {
                recent.compareAndSet((int) Math.floorMod(oldest, (long) RECENT), gone, null);
            }
            evictedHours.increment();
        }
    }

    /** False when the hour has left memory and must be answered from the recording. */
    public boolean inMemory(long hourStartMillis) {
        return Math.floorDiv(hourStartMillis, HOUR_MS) > evictedThrough.get();
    }

    /** The hour's flows in {@link FlowKey#ORDER}; empty (and nothing allocated) for an hour without data. */
    public List<FlowTotals> hour(long hourStartMillis) {
        HourTable t = hours.get(Math.floorDiv(hourStartMillis, HOUR_MS));
        return t == null ? List.of() : t.sorted();
    }

    /** Hours held in memory now. */
    public int hoursHeld() {
        return hours.size();
    }

    /** Distinct flows held in memory now, over all hours. */
    public long flowsHeld() {
        long n = 0;
        for (HourTable t : hours.values()) {
            n += t.size();
        }
        return n;
    }

    /** Records that arrived for an hour that had already left memory. */
    public long recordsForOldHours() {
        return oldHourRecords.sum();
    }

    public long evictedHours() {
        return evictedHours.sum();
    }

    public int hoursInMemory() {
        return hoursInMemory;
    }
}
