package org.nsr.redis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import redis.clients.jedis.Builder;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.util.RedisInputStream;

/**
 * A Jedis connection (socket, TLS, AUTH, timeouts, errors, broken-connection handling) that reads
 * the reply of an XREADGROUP itself, from the reply's bytes into one {@link ReadEntry} array per
 * entry. Jedis's own reading made an array for every field and a list for every entry and field
 * set: most of the Redis source thread and a third of the recorder's garbage. Every other reply,
 * an error reply included, is Jedis's to read.
 *
 * <p>Not thread-safe. Owns the connection.
 */
final class EntryReplyConnection extends Connection {
    private static final Builder<List<ReadEntry>> ENTRIES = new Builder<>() {
        @Override
        @SuppressWarnings("unchecked")
        public List<ReadEntry> build(Object reply) {
            return reply == null ? List.of() : (List<ReadEntry>) reply;
        }
    };

    private boolean entriesNext;
    /** One entry's parts while it is read; grows to the largest entry. */
    private byte[] scratch = new byte[4096];
    private int[] ends = new int[32];

    EntryReplyConnection(HostAndPort address, JedisClientConfig config) {
        super(address, config);
    }

    /**
     * Runs an XREADGROUP (its arguments as Jedis builds them, BLOCK handled as Jedis does) and
     * reads its reply here: the entries of its one stream; an entry without fields (deleted while
     * pending) is left out.
     */
    List<ReadEntry> readEntries(CommandObject<?> xreadGroup) {
        entriesNext = true;
        try {
            return executeCommand(new CommandObject<>(xreadGroup.getArguments(), ENTRIES));
        } finally {
            entriesNext = false;
        }
    }

    @Override
    protected Object protocolRead(RedisInputStream in) {
        if (!entriesNext || !in.peek((byte) '*')) {
            return super.protocolRead(in); // another command's reply, or an error reply: Jedis's
        }
        entriesNext = false;
        in.readByte();
        int streams = in.readIntCrLf();
        if (streams < 0) {
            return null; // BLOCK ran out: nothing new
        }
        List<ReadEntry> out = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            expectArray(in, 2);
            skipBulk(in); // the stream's name: we asked for one
            int n = arrayLength(in);
            for (int e = 0; e < n; e++) {
                ReadEntry entry = entry(in);
                if (entry != null) {
                    out.add(entry);
                }
            }
        }
        return out;
    }

    /** {@code *2 $id *2k $name $value ...}; null for an entry whose fields are nil. */
    private ReadEntry entry(RedisInputStream in) {
        expectArray(in, 2);
        int used = bulk(in, 0);
        int parts = arrayLength(in);
        if (parts < 0) {
            return null;
        }
        if (ends.length < parts + 1) {
            ends = new int[parts + 1];
        }
        ends[0] = used;
        for (int p = 1; p <= parts; p++) {
            used = bulk(in, used);
            ends[p] = used;
        }
        return new ReadEntry(Arrays.copyOf(scratch, used), Arrays.copyOf(ends, parts + 1));
    }

    /** Reads a bulk string into {@link #scratch} at {@code at}; returns where it ends. */
    private int bulk(RedisInputStream in, int at) {
        expect(in, (byte) '$');
        int len = in.readIntCrLf();
        if (len < 0) {
            throw new JedisConnectionException("a nil string in an XREADGROUP entry");
        }
        if (scratch.length < at + len) {
            scratch = Arrays.copyOf(scratch, Math.max(at + len, scratch.length * 2));
        }
        for (int off = at, left = len; left > 0; ) {
            int r = in.read(scratch, off, left);
            off += r;
            left -= r;
        }
        in.readByte(); // CR LF
        in.readByte();
        return at + len;
    }

    private void skipBulk(RedisInputStream in) {
        bulk(in, 0);
    }

    private static int arrayLength(RedisInputStream in) {
        expect(in, (byte) '*');
        return in.readIntCrLf();
    }

    private static void expectArray(RedisInputStream in, int length) {
        int n = arrayLength(in);
        if (n != length) {
            throw new JedisConnectionException("an XREADGROUP reply with an array of " + n + ", not " + length);
        }
    }

    private static void expect(RedisInputStream in, byte type) {
        byte b = in.readByte();
        if (b != type) {
            throw new JedisConnectionException("an XREADGROUP reply with '" + (char) b + "' where '" + (char) type
                    + "' belongs");
        }
    }
}
