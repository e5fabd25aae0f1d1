package org.nsr.source;

import java.time.Clock;
import org.nsr.core.SystemTicker;
import org.nsr.core.Ticker;
import org.nsr.metrics.Metrics;
import org.nsr.sink.Watermarks;

/**
 * What the recorder lends a source when creating it: the ticker every timestamp, schedule and
 * pause is read from (tests inject a fake), the metrics registry its counters live in, and the
 * watermarks of the sinks, so a source that acknowledges upstream (XACK) does so only once its
 * records are archived.
 */
public record SourceContext(Ticker ticker, Metrics metrics, Watermarks watermarks) {

    /** A context with watermarks of its own (no writer advances them): for sources that do not read them. */
    public SourceContext(Ticker ticker, Metrics metrics) {
        this(ticker, metrics, new Watermarks(metrics));
    }

    /** A context on a real clock: wall time from {@code clock}, real waits. */
    public SourceContext(Clock clock, Metrics metrics) {
        this(new SystemTicker(clock), metrics);
    }

    /** The ticker's wall time as a {@link Clock}, for code that formats or reads instants. */
    public Clock clock() {
        return ticker.asClock();
    }
}
