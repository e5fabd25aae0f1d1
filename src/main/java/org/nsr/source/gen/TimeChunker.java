package org.nsr.source.gen;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Groups flows into time chunks of {@code windowNanos} and releases each chunk, sorted, once the
 * caller says no flow older than its end can still arrive. Not thread-safe: the collector owns it.
 */
final class TimeChunker {
    private final long windowNanos;
    private final Comparator<FlowRecord> order;
    private final TreeMap<Long, ArrayList<FlowRecord>> pending = new TreeMap<>();
    /** Chunks below this id were emitted; a flow for one of them would be late. */
    private long emittedBelow = Long.MIN_VALUE;
    private long pendingFlows;

    TimeChunker(long windowNanos, Comparator<FlowRecord> order) {
        if (windowNanos < 1) {
            throw new IllegalArgumentException("window " + windowNanos + " ns must be positive");
        }
        this.windowNanos = windowNanos;
        this.order = order;
    }

    /** Adds flows given in timestamp order. */
    void addAll(FlowRecord[] flows) {
        long currentId = Long.MIN_VALUE;
        ArrayList<FlowRecord> current = null;
        for (FlowRecord f : flows) {
            long id = Math.floorDiv(f.timestampNanos(), windowNanos);
            if (id != currentId) {
                if (id < emittedBelow) {
                    // cannot happen: the collector only emits chunks every stream has moved past
                    throw new IllegalStateException("flow " + f + " arrived after its chunk " + id + " was written");
                }
                currentId = id;
                current = pending.computeIfAbsent(id, k -> new ArrayList<>());
            }
            current.add(f);
        }
        pendingFlows += flows.length;
    }

    /** Emits, in time order, every chunk that ends at or before {@code watermark}. */
    void emitBefore(long watermark, ChunkSink sink) throws IOException {
        while (!pending.isEmpty()) {
            long id = pending.firstKey();
            long end = (id + 1) * windowNanos;
            if (end > watermark) {
                return;
            }
            emit(pending.pollFirstEntry(), sink);
        }
    }

    void emitAll(ChunkSink sink) throws IOException {
        while (!pending.isEmpty()) {
            emit(pending.pollFirstEntry(), sink);
        }
    }

    long pendingFlows() {
        return pendingFlows;
    }

    private void emit(Map.Entry<Long, ArrayList<FlowRecord>> chunk, ChunkSink sink) throws IOException {
        ArrayList<FlowRecord> flows = chunk.getValue();
        flows.sort(order);
        emittedBelow = chunk.getKey() + 1;
        pendingFlows -= flows.size();
        sink.accept(flows);
    }
}
