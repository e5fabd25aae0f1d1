package org.nsr.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.nsr.core.StopSignal;
import org.nsr.core.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.Protocol;

/**
 * Adds entries to one stream, a batch per round trip (pipelined XADDs), with approximate trimming
 * ({@code MAXLEN ~ n}) when a bound is set. A batch that fails on the wire (Redis restarted, a
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
    /** The key, the trimming and the ID of every XADD: the same for each entry. */
    private final byte[][] prefix;
    private final Ticker ticker;
    private final Duration retryFor;
    private Jedis jedis;
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
        byte[] key = stream.getBytes(StandardCharsets.UTF_8);
        byte[] id = {'*'};
        this.prefix = maxLen > 0
                ? new byte[][] {key, "MAXLEN".getBytes(StandardCharsets.US_ASCII), {'~'},
                        Long.toString(maxLen).getBytes(StandardCharsets.US_ASCII), id}
                : new byte[][] {key, id};
        this.ticker = ticker;
        this.retryFor = retryFor;
    }

    /**
     * Adds the batch, in order, in one round trip; returns when Redis has acknowledged every entry.
     *
     * @throws RedisUnavailableException when Redis stays unreachable for {@code retryFor}, or
     *         refuses a command (a wrong type at the key, a bad password)
     * @throws InterruptedException if {@code stop} is raised or the thread interrupted while waiting to retry
     */
    public void add(List<StreamEntry> batch, StopSignal stop) throws RedisUnavailableException, InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        long deadline = ticker.nanoTime() + retryFor.toNanos();
        Duration pause = FIRST_PAUSE;
        boolean failedBefore = false;
        while (true) {
            try {
                send(batch);
                if (failedBefore) {
                    resent += batch.size();
                    log.warn("stream {} at {}: batch of {} sent again after a failure; up to {} entries may be "
                            + "duplicated (counted)", stream, endpoint.address(), batch.size(), batch.size());
                }
                added += batch.size();
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

    private void send(List<StreamEntry> batch) {
        if (jedis == null) {
            jedis = endpoint.connect();
        }
        if (batch.size() == 1) {
            jedis.sendCommand(Protocol.Command.XADD, args(batch.get(0)));
            return;
        }
        Pipeline p = jedis.pipelined();
        for (StreamEntry e : batch) {
            p.sendCommand(Protocol.Command.XADD, args(e));
        }
        // syncAndReturnAll raises the first error a command answered with
        for (Object reply : p.syncAndReturnAll()) {
            if (reply instanceof JedisException je) {
                throw je;
            }
        }
    }

    /** {@code XADD key [MAXLEN ~ n] * field value …} as bytes: no map, no parameter object per entry. */
    private byte[][] args(StreamEntry e) {
        int n = e.size();
        byte[][] a = new byte[prefix.length + 2 * n][];
        System.arraycopy(prefix, 0, a, 0, prefix.length);
        int j = prefix.length;
        for (int i = 0; i < n; i++) {
            a[j++] = e.name(i).getBytes(StandardCharsets.UTF_8);
            a[j++] = e.value(i).getBytes(StandardCharsets.UTF_8);
        }
        return a;
    }

    private void dropConnection() {
        if (jedis != null) {
            try {
                jedis.close();
            } catch (RuntimeException ignored) {
                // the connection is already broken; nothing to hand back
            }
            jedis = null;
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
