package org.nsr.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Reads one stream as one consumer of a consumer group: XREADGROUP for new entries, the
 * consumer's own pending entries from ID 0 at start, XAUTOCLAIM for entries another consumer left
 * idle, XACK for what is safe. Every failure on the wire is a {@link RedisUnavailableException};
 * the caller decides about retrying (a new reader, a new connection).
 *
 * <p>Not thread-safe. Owns one connection.
 */
public final class StreamGroupReader implements AutoCloseable {
    private final RedisEndpoint endpoint;
    private final String stream;
    private final String group;
    private final String consumer;
    private final Jedis jedis;
    private StreamEntryID pendingFrom = new StreamEntryID(0, 0);
    private StreamEntryID claimFrom = new StreamEntryID(0, 0);

    public StreamGroupReader(RedisEndpoint endpoint, String stream, String group, String consumer)
            throws RedisUnavailableException {
        this.endpoint = endpoint;
        this.stream = stream;
        this.group = group;
        this.consumer = consumer;
        endpoint.ping();
        this.jedis = endpoint.connect();
    }

    /** Creates the group (and the stream) if missing, starting at {@code startId} ("0" or "$"). */
    public void ensureGroup(String startId) throws RedisUnavailableException {
        try {
            jedis.xgroupCreate(stream, group, "$".equals(startId) ? StreamEntryID.XGROUP_LAST_ENTRY
                    : new StreamEntryID(startId.contains("-") ? startId : startId + "-0"), true);
        } catch (JedisDataException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
                throw fail("XGROUP CREATE", e);
            }
        } catch (JedisException e) {
            throw fail("XGROUP CREATE", e);
        }
    }

    /** The next entries delivered to this consumer before and never acknowledged; empty when none are left. */
    public List<ReadEntry> ownPending(int count) throws RedisUnavailableException {
        List<ReadEntry> out = read(XReadGroupParams.xReadGroupParams().count(count), pendingFrom);
        if (!out.isEmpty()) {
            pendingFrom = new StreamEntryID(out.get(out.size() - 1).id());
        }
        return out;
    }

    /** Entries of other consumers pending longer than {@code minIdleMillis}, now this consumer's; empty at the end. */
    public List<ReadEntry> claimIdle(long minIdleMillis, int count) throws RedisUnavailableException {
        if (claimFrom == null) {
            return List.of();
        }
        try {
            Map.Entry<StreamEntryID, List<StreamEntry>> r = jedis.xautoclaim(stream, group, consumer, minIdleMillis,
                    claimFrom, XAutoClaimParams.xAutoClaimParams().count(count));
            StreamEntryID next = r.getKey();
            claimFrom = next == null || next.equals(new StreamEntryID(0, 0)) ? null : next;
            return convert(r.getValue());
        } catch (JedisException e) {
            throw fail("XAUTOCLAIM", e);
        }
    }

    /** New entries, waiting up to {@code blockMillis} for some. */
    public List<ReadEntry> readNew(int count, long blockMillis) throws RedisUnavailableException {
        return read(XReadGroupParams.xReadGroupParams().count(count).block((int) blockMillis),
                StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY);
    }

    private List<ReadEntry> read(XReadGroupParams params, StreamEntryID from) throws RedisUnavailableException {
        try {
            List<Map.Entry<String, List<StreamEntry>>> r = jedis.xreadGroup(group, consumer, params,
                    Map.of(stream, from));
            if (r == null || r.isEmpty()) {
                return List.of();
            }
            return convert(r.get(0).getValue());
        } catch (JedisException e) {
            throw fail("XREADGROUP", e);
        }
    }

    private static List<ReadEntry> convert(List<StreamEntry> entries) {
        List<ReadEntry> out = new ArrayList<>(entries.size());
        for (StreamEntry e : entries) {
            if (e != null && e.getFields() != null) { // a claimed entry trimmed away has no fields
                out.add(new ReadEntry(e.getID().toString(), e.getFields()));
            }
        }
        return out;
    }

    /** Acknowledges the IDs in one command. */
    public void ack(List<String> ids) throws RedisUnavailableException {
        if (ids.isEmpty()) {
            return;
        }
        StreamEntryID[] arr = new StreamEntryID[ids.size()];
        for (int i = 0; i < arr.length; i++) {
            arr[i] = new StreamEntryID(ids.get(i));
        }
        try {
            jedis.xack(stream, group, arr);
        } catch (JedisException e) {
            throw fail("XACK", e);
        }
    }

    private RedisUnavailableException fail(String command, JedisException e) {
        return new RedisUnavailableException(command + " on " + stream + " at " + endpoint.address() + " failed: "
                + RedisEndpoint.rootMessage(e), e);
    }

    @Override
    public void close() {
        try {
            jedis.close();
        } catch (RuntimeException ignored) {
            // a broken connection has nothing to hand back
        }
    }
}
