package org.nsr.source;

import java.nio.file.Path;
import java.time.Clock;
import org.nsr.core.SystemTicker;
import org.nsr.core.Ticker;
import org.nsr.metrics.Metrics;
import org.nsr.sink.Watermarks;

/**
 * What the recorder lends a source when creating it: the ticker every timestamp, schedule and
 * pause is read from (tests inject a fake), the metrics registry its counters live in, the
 * durable and archived watermarks of its records (a push source acknowledges upstream once they
 * cover what it handed on) and the output directory (a source that rebuilds state from its own
 * recording reads it there; null when the source is not part of a recording).
 */
public record SourceContext(Ticker ticker, Metrics metrics, Watermarks watermarks, Path outputDir) {

    /** A context outside a recording: watermarks nobody advances, no output directory. */
    public SourceContext(Ticker ticker, Metrics metrics) {
        this(ticker, metrics, new Watermarks(metrics), null);
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
