package org.nsr.classes;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.LongSupplier;
import org.nsr.sink.Watermark;

/**
 * A source's watermark (durable or archived) derived from the watermarks of its storage classes'
 * writers, whose sequence numbers count each class's records apart. Source record N has reached
 * the stage once every class has reached the records routed to it up to N.
 *
 * <p>How: the router notes a checkpoint each time a record goes to another class than the one
 * before: the start of a run of records to one class, with the source number and every class's
 * number then. Inside a run the k-th record of its class is the run's k-th source record, so the
 * source watermark follows the class's exactly, once every class has reached the run's start.
 * Checkpoints are bounded: past {@link #MAX_CHECKPOINTS} pairs of runs are joined, and a joined run
 * of two classes only counts once whole: the watermark moves in coarser steps, never early.
 *
 * <p>Threading: {@link #switchTo} and {@link #routed} on the source's ordered producer thread; the
 * class watermarks' advances on the writers' or compression's threads. One lock; a run of records to
 * one class takes it only at the run's start.
 */
final class LaneProgress {
    static final int MAX_CHECKPOINTS = 1 << 16;

    /**
     * Records {@code seqBefore + 1} up to the next run's {@code seqBefore} (or the last routed one)
     * went to {@code lane}; {@code counts} are every class's numbers before them. A run of thinned
     * checkpoints holds records of several classes: {@code lane} is then -1.
     */
    private record Run(long seqBefore, long[] counts, int lane) {
    }

    private final Watermark target;
    private final Watermark[] lanes;
    private final LongSupplier[] accepted;
    private final ArrayDeque<Run> runs = new ArrayDeque<>();
    private volatile long tailSeq;

    /**
     * @param target the source's watermark, moved by this
     * @param lanes the classes' watermarks, in lane order
     * @param accepted each class queue's number of the last record put into it, in lane order
     * @param lastSeq the source's number before the first record routed
     */
    LaneProgress(Watermark target, Watermark[] lanes, LongSupplier[] accepted, long lastSeq) {
        this.tailSeq = lastSeq;
        this.target = target;
        this.lanes = lanes.clone();
        this.accepted = accepted.clone();
        for (Watermark w : lanes) {
            w.subscribe(v -> recompute());
        }
    }

    /** Record {@code seq} goes to {@code lane}, another class than the record before: a new run. */
    synchronized void switchTo(int lane, long seq) {
        long[] counts = new long[lanes.length];
        for (int i = 0; i < lanes.length; i++) {
            counts[i] = accepted[i].getAsLong();
        }
        runs.addLast(new Run(seq - 1, counts, lane));
        if (runs.size() > MAX_CHECKPOINTS) {
            thin();
        }
        recompute();
    }

    /** Record {@code seq} is in its class's queue, whose number is now {@code laneSeq}. */
    void routed(long seq, long laneSeq) {
        tailSeq = seq;
    }

    /** Asks every class writer for what it holds now: someone waits on the source's watermark. */
    void wantAll() {
        for (int i = 0; i < lanes.length; i++) {
            lanes[i].want(accepted[i].getAsLong());
        }
        recompute();
    }

    synchronized void recompute() {
        long reached = -1;
        Run r;
        while ((r = runs.peekFirst()) != null) {
            Run next = second();
            long end = next != null ? next.seqBefore : tailSeq;
            long upTo;
            if (r.lane >= 0) {
                if (!startReached(r)) {
                    break;
                }
                // the run's k-th record in its class is source record seqBefore + k
                upTo = r.seqBefore + Math.max(0, Math.min(end - r.seqBefore, lanes[r.lane].value() - r.counts[r.lane]));
            } else {
                upTo = next != null && startReached(next) ? end : r.seqBefore; // mixed: only whole
            }
            reached = Math.max(reached, upTo);
            if (next == null || upTo < end) {
                break;
            }
            runs.pollFirst();
        }
        if (reached >= 0) {
            target.advanceTo(reached);
        }
    }

    private Run second() {
        if (runs.size() < 2) {
            return null;
        }
        Iterator<Run> it = runs.iterator();
        it.next();
        return it.next();
    }

    /** Every class has reached its numbers at the start of the run. */
    private boolean startReached(Run r) {
        for (int i = 0; i < lanes.length; i++) {
            if (lanes[i].value() < r.counts[i]) {
                return false;
            }
        }
        return true;
    }

    /** Joins pairs of runs but the newest: fewer, coarser steps, each still exact. */
    private void thin() {
        ArrayDeque<Run> joined = new ArrayDeque<>();
        Run last = runs.pollLast();
        while (!runs.isEmpty()) {
            Run first = runs.pollFirst();
            Run second = runs.pollFirst();
            joined.addLast(second == null || second.lane == first.lane ? first
                    : new Run(first.seqBefore, first.counts, -1));
        }
        runs.addAll(joined);
        runs.addLast(last);
    }

    long lastRouted() {
        return tailSeq;
    }

    synchronized int checkpoints() {
        return runs.size();
    }
}
