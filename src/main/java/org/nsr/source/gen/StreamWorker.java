package org.nsr.source.gen;

import java.util.concurrent.BlockingQueue;

/**
 * One generator thread of {@code nsr generate}: makes its stream's quota of flows in batches and
 * puts them on its own bounded queue, blocking while the collector is behind.
 */
final class StreamWorker implements Runnable {
    private final FlowFactory factory;
    private final StreamTimeline timeline;
    private final long count;
    private final int batchSize;
    private final BlockingQueue<FlowBatch> out;

    StreamWorker(FlowFactory factory, StreamTimeline timeline, long count, int batchSize, BlockingQueue<FlowBatch> out) {
        this.factory = factory;
        this.timeline = timeline;
        this.count = count;
        this.batchSize = batchSize;
        this.out = out;
    }

    @Override
    public void run() {
        try {
            try {
                long k = 0;
                while (k < count) {
                    FlowRecord[] flows = new FlowRecord[(int) Math.min(batchSize, count - k)];
                    for (int i = 0; i < flows.length; i++) {
                        flows[i] = factory.next(timeline.timestamp(k++));
                    }
                    out.put(new FlowBatch(flows, k == count, null));
                }
                if (count == 0) {
                    out.put(FlowBatch.end());
                }
            } catch (RuntimeException | Error e) {
                out.put(FlowBatch.failed(e)); // the collector rethrows it rather than waiting forever
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the run was aborted; nobody reads this queue any more
        }
    }
}
