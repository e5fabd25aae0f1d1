package org.nsr.redis;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * A Jedis connection (socket, TLS, AUTH, client name, reply parsing) that can also write commands
 * already encoded as RESP: a whole {@link XaddBatch} in one socket write, its replies then read
 * by Jedis. Writing beside Jedis is safe because Jedis flushes its own buffer after every command
 * it sends, so nothing of its is ever pending when a batch goes out.
 *
 * <p>Not thread-safe. Owns the connection.
 */
final class PipelineConnection implements AutoCloseable {
    private final Connection connection;
    private final Socket socket;

    PipelineConnection(HostAndPort address, JedisClientConfig config) {
        CapturingFactory factory = new CapturingFactory(new DefaultJedisSocketFactory(address, config));
        this.connection = new Connection(factory, config);
        this.socket = factory.socket;
    }

    /** Sends the batch and reads one reply per entry: IDs, or {@code JedisDataException}s for refused commands. */
    List<Object> send(XaddBatch batch) {
        try {
            socket.getOutputStream().write(batch.array(), 0, batch.bytes());
        } catch (IOException e) {
            connection.setBroken();
            throw new JedisConnectionException(e);
        }
        return connection.getMany(batch.entries());
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
