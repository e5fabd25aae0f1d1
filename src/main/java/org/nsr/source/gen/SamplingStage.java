package org.nsr.source.gen;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --sample N}: keeps 1 in N flows, deterministically: the flows whose position in their own
 * stream is a multiple of N (the 1st, the N+1th, ...). That depends on nothing but the seed, so
 * every run and every {@code --shard} keep the same flows. With {@code scale}, a kept flow's packets
 * and bytes are multiplied by N, estimating the traffic the dropped flows carried.
 */
public final class SamplingStage implements ChunkSink {
    private final ChunkSink next;
    private final int n;
    private final boolean scale;
    private final GenerationStats stats;

    public SamplingStage(ChunkSink next, int n, boolean scale, GenerationStats stats) {
        if (n < 1) {
            throw new IllegalArgumentException("sampling 1 in " + n);
        }
        this.next = next;
        this.n = n;
        this.scale = scale;
        this.stats = stats;
    }

    @Override
    public void accept(List<FlowRecord> chunk) throws IOException {
        List<FlowRecord> kept = new ArrayList<>(chunk.size() / n + 1);
        for (int i = 0, size = chunk.size(); i < size; i++) {
            FlowRecord f = chunk.get(i);
            if (f.sequence() % n == 0) {
                kept.add(scale ? f.with(f.endNanos(), f.packetCount() * n, f.byteCount() * n) : f);
            }
        }
        stats.sampledOut(chunk.size() - kept.size());
        next.accept(kept);
    }

    @Override
    public void flush() throws IOException {
        next.flush();
    }

    @Override
    public void finish() throws IOException {
        next.finish();
    }
}
