package org.nsr.source;

import java.time.Clock;
import org.nsr.metrics.Metrics;

/**
 * What the recorder lends a source when creating it: the clock every timestamp and schedule is
 * read from (tests inject a fake) and the metrics registry its counters live in.
 */
public record SourceContext(Clock clock, Metrics metrics) {
}
