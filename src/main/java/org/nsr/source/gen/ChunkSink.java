package org.nsr.source.gen;

import java.io.IOException;
import java.util.List;

/** Receives completed time chunks, already sorted, in time order. Called from the collector thread only. */
public interface ChunkSink {
    void accept(List<FlowRecord> sortedChunk) throws IOException;
}
