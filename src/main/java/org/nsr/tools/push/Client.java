package org.nsr.tools.push;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One posting client of {@code nsr push}: its pre-encoded bodies, its POSTs numbered 0..posts-1
 * and the latency of each. Its lanes ({@code --in-flight}) share it: each takes the next POST
 * number, so a POST is sent once; one keep-alive connection per lane.
 * Thread-safe for its lanes: a POST's latency slot is written by the lane that sent it only.
 */
final class Client {
    final Bodies bodies;
    /** The short last body when the records do not fill whole batches, else null. */
    final Bodies last;
    final int posts;
    final long[] latencies;
    private final int full;
    private final AtomicInteger next = new AtomicInteger();

    Client(Bodies bodies, Bodies last, int full) {
        this.bodies = bodies;
        this.last = last;
        this.full = full;
        this.posts = full + (last != null ? 1 : 0);
        this.latencies = new long[posts];
    }

    /** The next POST to send, or -1 when all are taken. */
    int take() {
        int p = next.getAndIncrement();
        return p < posts ? p : -1;
    }

    Bodies bodiesOf(int post) {
        return post < full || last == null ? bodies : last;
    }

    int bodyOf(int post) {
        return post < full || last == null ? post % bodies.count() : 0;
    }

    /** Adds every accepted body, as many times as it was accepted, to {@code e}. */
    void addAcceptedTo(Expected e) {
        bodies.addAcceptedTo(e);
        if (last != null) {
            last.addAcceptedTo(e);
        }
    }
}
