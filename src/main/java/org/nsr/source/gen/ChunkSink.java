package org.nsr.source.gen;

import java.io.IOException;
import java.util.List;

/**
 * Receives completed time chunks, already sorted, in time order. Called from the collector thread
 * only. Stages (sampling, filtering, aggregation, real-time pacing) are sinks that hand on to the
 * next one; the last one writes.
 */
public interface ChunkSink {
    void accept(List<FlowRecord> sortedChunk) throws IOException;

    /** Pushes out what is buffered, so what was accepted reaches the output now. */
    default void flush() throws IOException {
    }

    /** No more chunks: hand on what is held back, close the format and flush. */
    default void finish() throws IOException {
    }
}
