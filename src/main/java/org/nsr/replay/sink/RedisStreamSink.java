package org.nsr.replay.sink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nsr.core.StopSignal;
import org.nsr.core.Ticker;
import org.nsr.record.codec.CsvRowLine;
import org.nsr.redis.RedisEndpoint;
import org.nsr.redis.RedisUnavailableException;
import org.nsr.redis.StreamEntry;
import org.nsr.redis.StreamWriter;
import org.nsr.replay.RecordSink;
import org.nsr.replay.RecordView;

/**
 * {@code replay --redis HOST:PORT --stream S}: each replayed record becomes one stream entry with
 * {@code data} (the recorded line; for a CSV row, the typed row itself, as {@code nsr produce}
 * writes it), {@code source} and {@code timestamp} (epoch ns). Entries go in pipelined batches,
 * sent when a batch is full and whenever the pacer waits, so pacing is kept. A Redis outage is
 * retried for 30 s, then the replay fails.
 */
public final class RedisStreamSink implements RecordSink {
    private static final int BATCH = 500;
    private final StreamWriter writer;
    private final StopSignal stop;
    private final List<StreamEntry> batch = new ArrayList<>(BATCH);
    private long sent;

    public RedisStreamSink(RedisEndpoint endpoint, String stream, long maxLen, Ticker ticker, StopSignal stop)
            throws RedisUnavailableException {
        endpoint.ping();
        this.writer = new StreamWriter(endpoint, stream, maxLen, ticker, Duration.ofSeconds(30));
        this.stop = stop;
    }

    @Override
    public void accept(RecordView record) throws IOException {
        byte[] b = record.array();
        int off = record.offset();
        int len = record.length();
        String data = CsvRowLine.KIND.matches(b, off, off + len, null) ? CsvRowLine.rowText(b, off, len)
                : new String(b, off, len, StandardCharsets.UTF_8);
        batch.add(StreamEntry.of("data", data, "source", record.source(), "timestamp",
                Long.toString(record.timestampNanos())));
        if (batch.size() >= BATCH) {
            flush();
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            writer.add(batch, stop);
            sent += batch.size();
            batch.clear();
        } catch (RedisUnavailableException e) {
            throw new IOException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending to Redis", e);
        }
    }

    @Override
    public String summary() {
        return sent + " entries added to Redis; " + writer.resentEntries() + " resent after a failure (possible "
                + "duplicates)";
    }

    @Override
    public void close() throws IOException {
        try {
            if (!batch.isEmpty()) {
                flush();
            }
        } finally {
            writer.close();
        }
    }
}
