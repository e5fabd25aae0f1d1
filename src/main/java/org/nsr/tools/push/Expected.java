package org.nsr.tools.push;

/** Exact sums one client sent, per (hour, flow); merged at the end. Not thread-safe: one per client. */
final class Expected {
    final long[] tx;
    final long[] rx;
    final boolean[] seen;
    private final int flows;

    Expected(int hours, int flows) {
        this.flows = flows;
        tx = new long[hours * flows];
        rx = new long[hours * flows];
        seen = new boolean[hours * flows];
    }

    void add(int hour, int flow, long t, long r) {
        int i = hour * flows + flow;
        tx[i] += t;
        rx[i] += r;
        seen[i] = true;
    }

    void addAll(Expected o) {
        for (int i = 0; i < tx.length; i++) {
            tx[i] += o.tx[i];
            rx[i] += o.rx[i];
            seen[i] |= o.seen[i];
        }
    }

    int index(int hour, int flow) {
        return hour * flows + flow;
    }
}
