package org.nsr.sink.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.nsr.core.StopSignal;
import org.nsr.core.Ticker;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.nsr.record.LineBuffer;
import org.nsr.record.Record;
import org.nsr.redis.RedisTarget;
import org.nsr.redis.RedisUnavailableException;
import org.nsr.redis.StreamEntry;
import org.nsr.redis.StreamWriter;
import org.nsr.sink.LiveTap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a source's records to a Redis stream, one entry per record with the fields {@code data}
 * (the recorded JSON line), {@code source} and {@code seq}, in pipelined batches. Runs on a
 * {@link LiveTap}'s thread, so a slow or absent Redis only fills the tap's bounded buffer (then the
 * tap drops and counts) and never touches the file writer. A batch Redis does not take within
 * {@value #RETRY_SECONDS} s is dropped and counted in {@code nsr_redis_sink_failed_total}.
 */
final class RedisMirror implements LiveTap.Consumer, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisMirror.class);
    static final int RETRY_SECONDS = 5;
    private static final int BATCH = 512;

    private final String source;
    private final RedisTarget target;
    private final StreamWriter writer;
    private final Counter failed;
    private final LineBuffer line = new LineBuffer(1024);
    private final List<StreamEntry> batch = new ArrayList<>(BATCH);

    RedisMirror(String source, RedisTarget target, Metrics metrics) {
        this.source = source;
        this.target = target;
        this.writer = new StreamWriter(target.endpoint(), target.stream(), target.maxLen(), Ticker.SYSTEM,
                Duration.ofSeconds(RETRY_SECONDS));
        this.failed = metrics.counter("nsr_redis_sink_failed_total",
                "Records a Redis stream sink could not hand on because Redis was unreachable", "source", source,
                "stream", target.stream());
    }

    @Override
    public void take(Record record, long seq) throws Exception {
        line.reset();
        record.writeJson(line);
        batch.add(StreamEntry.of("data", line.toString(), "source", source, "seq", Long.toString(seq)));
        if (batch.size() >= BATCH) {
            endOfBatch();
        }
    }

    @Override
    public void endOfBatch() throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        try {
            writer.add(batch, StopSignal.NEVER);
        } catch (RedisUnavailableException e) {
            failed.add(batch.size());
            log.warn("redis sink of {}: {} records dropped (counted in nsr_redis_sink_failed_total): {}", source,
                    batch.size(), e.getMessage());
        } finally {
            batch.clear();
        }
    }

    @Override
    public void close() {
        writer.close();
    }
}
