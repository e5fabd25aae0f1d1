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
 * before (the source number reached, and each class's number then); a run of records to one class
 * needs no note, its end is the "tail" (the last number routed, and that class's count). When every
 * class has reached a checkpoint's numbers, the source watermark moves to its source number.
 * Checkpoints are bounded: past {@link #MAX_CHECKPOINTS} every other one is dropped, which only
 * makes the watermark move in coarser steps (later, never wrongly early).
 *
 * <p>Threading: {@link #switchTo} and {@link #routed} on the source's ordered producer thread; the
 * class watermarks' advances on the writers' or compression's threads. One lock; a run of records to
 * one class takes it only at the run's start.
 */
final class LaneProgress {
    static final int MAX_CHECKPOINTS = 1 << 16;

    private final Watermark target;
    private final Watermark[] lanes;
    private final LongSupplier[] accepted;
    /** Each: the source number, then every class's number, at a switch. */
    private final ArrayDeque<long[]> checkpoints = new ArrayDeque<>();
    /** Every class's number at the last switch. */
    private long[] base;
    private int tailLane = -1;
    private volatile long tailLaneCount;
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

    /** Record {@code seq} goes to {@code lane}, another class than the record before: a checkpoint at seq - 1. */
    synchronized void switchTo(int lane, long seq) {
        long[] cp = new long[lanes.length + 1];
        cp[0] = seq - 1;
        for (int i = 0; i < lanes.length; i++) {
            cp[i + 1] = accepted[i].getAsLong();
        }
        checkpoints.addLast(cp);
        if (checkpoints.size() > MAX_CHECKPOINTS) {
            thin();
        }
        base = cp;
        tailLane = lane;
        tailLaneCount = cp[lane + 1];
        tailSeq = seq - 1;
        recompute();
    }

    /** Record {@code seq} is in its class's queue, whose number is now {@code laneSeq}. */
    void routed(long seq, long laneSeq) {
        tailLaneCount = laneSeq; // before the source number: a reader never sees a number without its count
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
        while (!checkpoints.isEmpty() && reachedBy(checkpoints.peekFirst())) {
            reached = checkpoints.pollFirst()[0];
        }
        if (checkpoints.isEmpty() && tailLane >= 0) {
            long seq = tailSeq;
            long count = tailLaneCount;
            boolean all = lanes[tailLane].value() >= count;
            for (int i = 0; all && i < lanes.length; i++) {
                all = i == tailLane || lanes[i].value() >= base[i + 1];
            }
            if (all) {
                reached = Math.max(reached, seq);
            }
        }
        if (reached >= 0) {
            target.advanceTo(reached);
        }
    }

    private boolean reachedBy(long[] cp) {
        for (int i = 0; i < lanes.length; i++) {
            if (lanes[i].value() < cp[i + 1]) {
                return false;
            }
        }
        return true;
    }

    /** Drops every other checkpoint but the newest: fewer, coarser steps, each still exact. */
    private void thin() {
        int i = 0;
        int last = checkpoints.size() - 1;
        for (Iterator<long[]> it = checkpoints.iterator(); it.hasNext(); i++) {
            it.next();
            if (i % 2 == 1 && i != last) {
                it.remove();
            }
        }
    }

    long lastRouted() {
        return tailSeq;
    }

    synchronized int checkpoints() {
        return checkpoints.size();
    }
}
