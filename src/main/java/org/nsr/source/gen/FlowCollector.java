package org.nsr.source.gen;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;

/**
 * Merges the streams' batches into time chunks and hands complete chunks to a sink.
 *
 * <p>Each stream's timestamps only grow, so after a batch the stream's last timestamp is its
 * watermark: it will send nothing older. A chunk is complete once every unfinished stream's
 * watermark has reached the chunk's end, so no flow is ever late. The collector always takes the
 * next batch from the stream with the lowest watermark; faster streams then block on their
 * bounded queues, which keeps memory bounded and the streams within about one batch of each other.
 */
final class FlowCollector {
    private final List<BlockingQueue<FlowBatch>> streams;
    private final TimeChunker chunker;

    FlowCollector(List<BlockingQueue<FlowBatch>> streams, TimeChunker chunker) {
        this.streams = streams;
        this.chunker = chunker;
    }

    /** Runs until every stream has sent its last batch and every chunk has been emitted. */
    void run(ChunkSink sink) throws IOException, InterruptedException {
        int n = streams.size();
        long[] watermark = new long[n];
        Arrays.fill(watermark, Long.MIN_VALUE);
        boolean[] done = new boolean[n];
        int active = n;
        while (active > 0) {
            int lagging = -1;
            for (int i = 0; i < n; i++) {
                if (!done[i] && (lagging < 0 || watermark[i] < watermark[lagging])) {
                    lagging = i;
                }
            }
            FlowBatch batch = streams.get(lagging).take();
            if (batch.failure() != null) {
                throw new GenerationException("generator stream " + (lagging + 1) + " failed: " + batch.failure(),
                        batch.failure());
            }
            FlowRecord[] flows = batch.flows();
            chunker.addAll(flows);
            if (flows.length > 0) {
                watermark[lagging] = flows[flows.length - 1].timestampNanos();
            }
            if (batch.last()) {
                done[lagging] = true;
                active--;
            }
            long low = Long.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                if (!done[i]) {
                    low = Math.min(low, watermark[i]);
                }
            }
            if (low != Long.MIN_VALUE) {
                chunker.emitBefore(low, sink);
            }
        }
        chunker.emitAll(sink);
    }
}
