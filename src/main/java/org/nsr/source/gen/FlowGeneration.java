package org.nsr.source.gen;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.nsr.record.SortField;

/**
 * One {@code nsr generate} run: starts a generator thread per stream, collects their flows on the
 * calling thread into sorted time chunks, and joins every thread before returning, also when the
 * sink fails.
 *
 * <p>Memory is bounded by {@code streams * (queueBatches + 1) * batchSize} flows in flight plus the
 * chunks not yet complete (about one time window of flows).
 *
 * @param totalFlows flows over all streams; stream {@code s} gets an equal share, the first
 *     {@code totalFlows % streams} streams one more
 * @param windowNanos length of a time chunk (synthetic time)
 * @param batchSize flows per hand-off from a generator thread to the collector
 * @param queueBatches batches each generator may have waiting before it blocks
 * @param shard which of {@code shards} parts of the run this process makes, 1-based: the streams
 *     {@code s} with {@code (s - 1) % shards == shard - 1}. Every stream's flows and timestamps are
 *     those of the whole run, so the shards' outputs merged by timestamp (ties by stream id) are the
 *     single-process output.
 */
public record FlowGeneration(GeneratorConfig config, int streams, long totalFlows, long seed, long windowNanos,
        SortField sortField, int batchSize, int queueBatches, int shard, int shards) {

    public static final int DEFAULT_BATCH_SIZE = 2048;
    public static final int DEFAULT_QUEUE_BATCHES = 4;

    public FlowGeneration {
        if (streams < 1 || totalFlows < 0 || windowNanos < 1 || batchSize < 1 || queueBatches < 1 || shards < 1
                || shard < 1 || shard > shards || shards > streams) {
            throw new IllegalArgumentException("invalid generation: " + streams + " streams, " + totalFlows
                    + " flows, window " + windowNanos + " ns, batch " + batchSize + ", queue " + queueBatches
                    + ", shard " + shard + "/" + shards);
        }
    }

    /** The whole run in one process. */
    public FlowGeneration(GeneratorConfig config, int streams, long totalFlows, long seed, long windowNanos,
            SortField sortField, int batchSize, int queueBatches) {
        this(config, streams, totalFlows, seed, windowNanos, sortField, batchSize, queueBatches, 1, 1);
    }

    /** Whether stream {@code streamId} belongs to this shard. */
    public boolean ownsStream(int streamId) {
        return (streamId - 1) % shards == shard - 1;
    }

    /** Flows assigned to stream {@code streamId} (1-based). */
    public long flowsOf(int streamId) {
        return totalFlows / streams + (streamId - 1 < totalFlows % streams ? 1 : 0);
    }

    /** Expected flows in one time chunk, from the synthetic rate: what a chunk costs in memory. */
    public double flowsPerChunk() {
        return windowNanos / config.intervalNanos();
    }

    /** Generates everything into {@code sink}; returns when all flows were handed to it. */
    public void run(ChunkSink sink) throws IOException, InterruptedException {
        List<BlockingQueue<FlowBatch>> queues = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int s = 1; s <= streams; s++) {
            if (!ownsStream(s)) {
                continue;
            }
            BlockingQueue<FlowBatch> q = new ArrayBlockingQueue<>(queueBatches);
            queues.add(q);
            StreamWorker worker = new StreamWorker(new FlowFactory(config, s, seed),
                    new StreamTimeline(config.startTimestampNanos(), config.intervalNanos(), streams, s),
                    flowsOf(s), batchSize, q);
            Thread t = new Thread(worker, "nsr-generate-stream-" + s);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        boolean finished = false;
        try {
            new FlowCollector(queues, new TimeChunker(windowNanos, FlowOrder.of(sortField))).run(sink);
            finished = true;
        } finally {
            if (!finished) {
                threads.forEach(Thread::interrupt); // generators may be blocked on queues nobody drains now
            }
            for (Thread t : threads) {
                t.join();
            }
        }
    }
}
