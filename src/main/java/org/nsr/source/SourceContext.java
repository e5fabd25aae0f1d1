package org.nsr.source;

import java.time.Clock;
import org.nsr.core.SystemTicker;
import org.nsr.core.Ticker;
import org.nsr.metrics.Metrics;

/**
 * What the recorder lends a source when creating it: the ticker every timestamp, schedule and
 * pause is read from (tests inject a fake) and the metrics registry its counters live in.
 */
public record SourceContext(Ticker ticker, Metrics metrics) {

    /** A context on a real clock: wall time from {@code clock}, real waits. */
    public SourceContext(Clock clock, Metrics metrics) {
        this(new SystemTicker(clock), metrics);
    }

    /** The ticker's wall time as a {@link Clock}, for code that formats or reads instants. */
    public Clock clock() {
        return ticker.asClock();
    }
}
