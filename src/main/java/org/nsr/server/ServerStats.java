package org.nsr.server;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * What one server refused or cut off, counted so that nothing it drops is silent. Thread-safe;
 * the owner exposes these as metrics (this package does not import the metrics registry).
 */
public final class ServerStats {
    final LongAdder requests = new LongAdder();
    final LongAdder unauthorized = new LongAdder();
    final LongAdder headerTooLarge = new LongAdder();
    final LongAdder bodyTooLarge = new LongAdder();
    final LongAdder badRequests = new LongAdder();
    final LongAdder headerTimeouts = new LongAdder();
    volatile LongSupplier busySource = () -> 0;

    /** Requests that reached a handler. */
    public long requests() {
        return requests.sum();
    }

    /** Requests refused with 401 for a missing or wrong bearer token. */
    public long unauthorized() {
        return unauthorized.sum();
    }

    /** Requests refused with 431: request line and headers over the limit. */
    public long headerTooLarge() {
        return headerTooLarge.sum();
    }

    /** Requests refused with 413: body over the limit. */
    public long bodyTooLarge() {
        return bodyTooLarge.sum();
    }

    /** Requests refused with another 4xx by the HTTP parser (malformed). */
    public long badRequests() {
        return badRequests.sum();
    }

    /** Connections closed because a request header did not arrive whole within the header timeout. */
    public long headerTimeouts() {
        return headerTimeouts.sum();
    }

    /** Requests answered 503 because every handler thread was busy and the wait queue full (or waited too long). */
    public long busy() {
        return busySource.getAsLong();
    }

    /** Every refusal of any kind: what {@code *_rejected_total} metrics count. */
    public long rejected() {
        return headerTooLarge() + bodyTooLarge() + badRequests() + headerTimeouts() + busy();
    }
}
