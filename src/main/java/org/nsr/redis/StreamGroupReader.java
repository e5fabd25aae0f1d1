package org.nsr.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.CommandObjects;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XReadGroupParams;

/**
 * Reads one stream as one consumer of a consumer group: XREADGROUP for new entries, the
 * consumer's own pending entries from ID 0 at start, XAUTOCLAIM for entries another consumer left
 * idle, XACK for what is safe. Every failure on the wire is a {@link RedisUnavailableException};
 * the caller decides about retrying (a new reader, a new connection). XREADGROUP replies are read
 * by {@link EntryReplyConnection}, from their bytes into one array per entry; the rest by Jedis.
 *
 * <p>Not thread-safe. Owns one connection.
 */
public final class StreamGroupReader implements AutoCloseable {
    private final RedisEndpoint endpoint;
    private final String stream;
    private final String group;
    private final String consumer;
    private final byte[] streamKey;
    private final byte[] groupName;
    private final byte[] consumerName;
    private final EntryReplyConnection connection;
    private final Jedis jedis;
    private byte[] pendingFrom = ascii("0-0");
    private byte[] claimFrom = ascii("0-0");

    public StreamGroupReader(RedisEndpoint endpoint, String stream, String group, String consumer)
            throws RedisUnavailableException {
        this.endpoint = endpoint;
        this.stream = stream;
        this.group = group;
        this.consumer = consumer;
        this.streamKey = stream.getBytes(StandardCharsets.UTF_8);
        this.groupName = group.getBytes(StandardCharsets.UTF_8);
        this.consumerName = consumer.getBytes(StandardCharsets.UTF_8);
        endpoint.ping();
        this.connection = endpoint.connectForEntries();
        this.jedis = new Jedis(connection);
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
            pendingFrom = out.get(out.size() - 1).idBytes();
        }
        return out;
    }

    /** Entries of other consumers pending longer than {@code minIdleMillis}, now this consumer's; empty at the end. */
    public List<ReadEntry> claimIdle(long minIdleMillis, int count) throws RedisUnavailableException {
        if (claimFrom == null) {
            return List.of();
        }
        try {
            List<Object> r = jedis.xautoclaim(streamKey, groupName, consumerName, minIdleMillis, claimFrom,
                    XAutoClaimParams.xAutoClaimParams().count(count));
            byte[] next = (byte[]) r.get(0);
            claimFrom = next == null || "0-0".equals(new String(next, StandardCharsets.US_ASCII)) ? null : next;
            return convert((List<?>) r.get(1));
        } catch (JedisException e) {
            throw fail("XAUTOCLAIM", e);
        }
    }

    /** New entries, waiting up to {@code blockMillis} for some. */
    public List<ReadEntry> readNew(int count, long blockMillis) throws RedisUnavailableException {
        return read(XReadGroupParams.xReadGroupParams().count(count).block((int) blockMillis), NEW_ENTRIES);
    }

    private static final byte[] NEW_ENTRIES = ascii(">");
    /** Builds XREADGROUP's arguments as Jedis does (BLOCK included); stateless. */
    private static final CommandObjects COMMANDS = new CommandObjects();

    private List<ReadEntry> read(XReadGroupParams params, byte[] from) throws RedisUnavailableException {
        try {
            return connection.readEntries(COMMANDS.xreadGroup(groupName, consumerName, params,
                    Map.entry(streamKey, from)));
        } catch (JedisException e) {
            throw fail("XREADGROUP", e);
        }
    }

    private static List<ReadEntry> convert(List<?> entries) {
        List<ReadEntry> out = new ArrayList<>(entries.size());
        for (Object o : entries) {
            if (!(o instanceof List<?> e) || e.size() < 2 || !(e.get(1) instanceof List<?> fields)) {
                continue; // a claimed entry trimmed away has no fields
            }
            byte[][] nv = new byte[fields.size()][];
            for (int i = 0; i < nv.length; i++) {
                nv[i] = (byte[]) fields.get(i);
            }
            out.add(ReadEntry.of((byte[]) e.get(0), nv));
        }
        return out;
    }

    /** Acknowledges the IDs ({@code <ms>-<seq>} in ASCII) in one command. */
    public void ack(List<byte[]> ids) throws RedisUnavailableException {
        if (ids.isEmpty()) {
            return;
        }
        try {
            jedis.xack(streamKey, groupName, ids.toArray(new byte[0][]));
        } catch (JedisException e) {
            throw fail("XACK", e);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
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
