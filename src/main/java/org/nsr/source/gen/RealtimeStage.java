package org.nsr.source.gen;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import org.nsr.core.StopSignal;
import org.nsr.core.Ticker;

/**
 * {@code --realtime}: hands each flow on when the wall clock reaches its timestamp, and flushes the
 * output before every wait, so a flow leaves as soon as it is due rather than when a buffer fills.
 * The generators run ahead (bounded by their queues), so flows are ready before they are due; the
 * latency is then the time between a flow's due time and its write. Flows that are already late
 * go out at once and are counted.
 */
public final class RealtimeStage implements ChunkSink {
    /** Flows due within this of now go out together: one flush per run of flows, not per flow. */
    static final long SLACK_NANOS = 200_000;

    private final ChunkSink next;
    private final Ticker ticker;
    private final StopSignal stop;
    private final GenerationStats stats;

    public RealtimeStage(ChunkSink next, Ticker ticker, StopSignal stop, GenerationStats stats) {
        this.next = next;
        this.ticker = ticker;
        this.stop = stop;
        this.stats = stats;
    }

    @Override
    public void accept(List<FlowRecord> chunk) throws IOException {
        int from = 0;
        int size = chunk.size();
        while (from < size) {
            long now = ticker.epochNanos();
            int to = from;
            while (to < size && chunk.get(to).timestampNanos() <= now + SLACK_NANOS) {
                if (now - chunk.get(to).timestampNanos() > 1_000_000) {
                    stats.countLate();
                }
                to++;
            }
            if (to > from) {
                next.accept(chunk.subList(from, to));
                next.flush();
                from = to;
            }
            if (from < size) {
                long wait = chunk.get(from).timestampNanos() - ticker.epochNanos();
                if (wait > 0) {
                    try {
                        if (ticker.await(stop, Duration.ofNanos(wait))) {
                            return; // stopped: the rest is not due any more
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while waiting for the next flow's time");
                    }
                }
            }
        }
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
