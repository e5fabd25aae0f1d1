package org.nsr.sink;

import org.nsr.config.SinkDefinition;
import org.nsr.metrics.Metrics;

/**
 * A configured sink that can build itself: one {@link Sink} per source it serves. A sink that is
 * also a {@link org.nsr.lifecycle.Service} is started before its source and stopped after it.
 */
public interface SinkSpec extends SinkDefinition {

    /** A fresh, not yet started sink fed from {@code source}. */
    Sink create(String source, Metrics metrics);
}
