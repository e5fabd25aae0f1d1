package org.nsr.redis;

import java.time.Duration;
import java.util.List;
import org.nsr.core.StopSignal;
import org.nsr.core.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Adds entries to one stream, a batch per round trip (pipelined XADDs, the whole batch encoded
 * first and written at once), with approximate trimming ({@code MAXLEN ~ n}) when a bound is set. A batch that fails on the wire (Redis restarted, a
 * reset) is sent again whole on a new connection after a growing pause (100 ms doubling to 5 s),
 * until {@code retryFor} has passed. Redis may have applied part of a failed batch, so a resent
 * batch is the only place a duplicate can come from: {@link #resentEntries()} counts them.
 *
 * <p>Not thread-safe: one writer per producing thread. Owns one connection; {@link #close} ends it.
 */
public final class StreamWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamWriter.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(5);

    private final RedisEndpoint endpoint;
    private final String stream;
    private final long maxLen;
    private final Ticker ticker;
    private final Duration retryFor;
    /** Where {@link #add(List, StopSignal)} encodes its entries; reused. */
    private final XaddBatch scratch;
    private PipelineConnection connection;
    private long retries;
    private long resent;
    private long added;

    /**
     * @param maxLen the approximate bound on the stream's length, or 0 for none
     * @param retryFor how long a failing batch is retried before {@link #add} gives up
     */
    public StreamWriter(RedisEndpoint endpoint, String stream, long maxLen, Ticker ticker, Duration retryFor) {
        this.endpoint = endpoint;
        this.stream = stream;
        this.maxLen = maxLen;
        this.ticker = ticker;
        this.retryFor = retryFor;
        this.scratch = new XaddBatch(stream, maxLen, 4096);
    }

    public String stream() {
        return stream;
    }

    /** An empty batch for this writer's stream and trimming, to fill and give to {@link #add(XaddBatch, StopSignal)}. */
    public XaddBatch newBatch(int initialBytes) {
        return new XaddBatch(stream, maxLen, initialBytes);
    }

    /**
     * Adds the batch, in order, in one round trip; returns when Redis has acknowledged every entry.
     *
     * @throws RedisUnavailableException when Redis stays unreachable for {@code retryFor}, or
     *         refuses a command (a wrong type at the key, a bad password)
     * @throws InterruptedException if {@code stop} is raised or the thread interrupted while waiting to retry
     */
    public void add(List<StreamEntry> batch, StopSignal stop) throws RedisUnavailableException, InterruptedException {
        scratch.clear();
        for (StreamEntry e : batch) {
            scratch.startEntry(e.size());
            for (int i = 0; i < e.size(); i++) {
                scratch.bulk(e.name(i)).bulk(e.value(i));
            }
        }
        add(scratch, stop);
    }

    /** Adds the entries of {@code batch} like {@link #add(List, StopSignal)}; the batch is left as it was. */
    public void add(XaddBatch batch, StopSignal stop) throws RedisUnavailableException, InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        if (!batch.stream().equals(stream)) {
            throw new IllegalArgumentException("batch for stream " + batch.stream() + " given to the writer of " + stream);
        }
        int size = batch.entries();
        long deadline = ticker.nanoTime() + retryFor.toNanos();
        Duration pause = FIRST_PAUSE;
        boolean failedBefore = false;
        while (true) {
            try {
                send(batch);
                if (failedBefore) {
                    resent += size;
                    log.warn("stream {} at {}: batch of {} sent again after a failure; up to {} entries may be "
                            + "duplicated (counted)", stream, endpoint.address(), size, size);
                }
                added += size;
                return;
            } catch (JedisConnectionException | JedisDataException e) {
                if (e instanceof JedisDataException && !transientRefusal(e)) {
                    dropConnection();
                    throw new RedisUnavailableException("Redis at " + endpoint.address() + " refused XADD to "
                            + stream + ": " + RedisEndpoint.rootMessage(e), e);
                }
                dropConnection();
                retries++;
                if (!failedBefore) {
                    log.warn("stream {} at {}: {}; retrying with backoff for up to {} s", stream, endpoint.address(),
                            RedisEndpoint.rootMessage(e), retryFor.toSeconds());
                }
                failedBefore = true;
                if (ticker.nanoTime() + pause.toNanos() > deadline) {
                    throw new RedisUnavailableException("Redis at " + endpoint.address() + " unreachable for "
                            + retryFor.toSeconds() + " s while adding to " + stream + ": "
                            + RedisEndpoint.rootMessage(e), e);
                }
                if (ticker.await(stop, pause)) {
                    throw new InterruptedException("stopped while waiting to retry Redis at " + endpoint.address());
                }
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            } catch (JedisException e) {
                dropConnection();
                throw new RedisUnavailableException("Redis at " + endpoint.address() + " refused XADD to " + stream
                        + ": " + RedisEndpoint.rootMessage(e), e);
            }
        }
    }

    /** A server still loading its data after a restart, or a replica not ready, answers so for a while. */
    static boolean transientRefusal(Exception e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        return m.startsWith("LOADING") || m.startsWith("BUSY") || m.startsWith("TRYAGAIN") || m.startsWith("MASTERDOWN");
    }

    /** One socket write for the whole batch, then its replies; the first refusal is raised. */
    private void send(XaddBatch batch) {
        if (connection == null) {
            connection = endpoint.connectForPipelines();
        }
        ReplyCounter.Outcome replies = connection.send(batch);
        if (replies.errors() > 0) {
            throw new JedisDataException(replies.firstError() + " (" + replies.errors() + " of " + replies.replies()
                    + " XADDs of the batch refused)");
        }
    }

    private void dropConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException ignored) {
                // the connection is already broken; nothing to hand back
            }
            connection = null;
        }
    }

    /** Entries Redis acknowledged. */
    public long added() {
        return added;
    }

    /** Failed attempts that were retried. */
    public long retries() {
        return retries;
    }

    /** Entries sent a second time in a retried batch: the upper bound on duplicates. */
    public long resentEntries() {
        return resent;
    }

    @Override
    public void close() {
        dropConnection();
    }
}
