package org.nsr.redis;

import java.io.IOException;
import java.net.Socket;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * A Jedis connection (socket, TLS, AUTH, client name) that can also write commands already
 * encoded as RESP: a whole {@link XaddBatch} in one socket write, its replies then counted by a
 * {@link ReplyCounter} on the same socket. Writing and reading beside Jedis is safe because Jedis
 * flushes its own buffer after every command it sends and reads exactly its replies (RESP2 sends
 * nothing unasked), so nothing of its is pending in either direction when a batch goes out.
 *
 * <p>Not thread-safe. Owns the connection.
 */
final class PipelineConnection implements AutoCloseable {
    private final Connection connection;
    private final Socket socket;
    private ReplyCounter replies;

    PipelineConnection(HostAndPort address, JedisClientConfig config) {
        CapturingFactory factory = new CapturingFactory(new DefaultJedisSocketFactory(address, config));
        this.connection = new Connection(factory, config);
        this.socket = factory.socket;
    }

    /** Sends the batch and reads its replies, one per entry: the IDs are counted, refusals kept. */
    ReplyCounter.Outcome send(XaddBatch batch) {
        try {
            socket.getOutputStream().write(batch.array(), 0, batch.bytes());
            if (replies == null) {
                replies = new ReplyCounter(socket.getInputStream(), 64 * 1024);
            }
            return replies.read(batch.entries());
        } catch (IOException e) {
            connection.setBroken();
            throw new JedisConnectionException(e);
        }
    }

    @Override
    public void close() {
        connection.close();
    }

    /** Keeps the socket Jedis connects with, so batches can be written to it. */
    private static final class CapturingFactory implements JedisSocketFactory {
        private final JedisSocketFactory delegate;
        private Socket socket;

        CapturingFactory(JedisSocketFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public Socket createSocket() {
            socket = delegate.createSocket();
            return socket;
        }
    }
}
