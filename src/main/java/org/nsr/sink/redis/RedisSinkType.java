package org.nsr.sink.redis;

import java.util.List;
import org.nsr.config.ConfigException;
import org.nsr.config.ConfigNode;
import org.nsr.config.SinkDefinition;
import org.nsr.config.SinkTypeParser;
import org.nsr.redis.RedisEndpoint;
import org.nsr.redis.RedisTarget;

/**
 * {@code type: redis} in {@code Recorder.data.sinks}, or {@code redis_sink:} on any source entry
 * (generator, http, ingest, csv, redis): mirrors every record of its sources into a Redis stream,
 * beside the file writer and without ever holding it up. Keys: {@code host} (127.0.0.1),
 * {@code port} (6379), {@code password}, {@code tls}, {@code stream} (required; {@code {source}}
 * stands for the source's name), {@code maxlen} (approximate bound, {@code MAXLEN ~}, default
 * 1,000,000; 0 for none), {@code buffer} (records held while Redis is slow or down before new
 * ones are dropped and counted, default 100,000).
 */
public final class RedisSinkType implements SinkTypeParser {
    public static final String NAME = "redis";
    public static final String ENTRY_KEY = "redis_sink";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String entryKey() {
        return ENTRY_KEY;
    }

    @Override
    public SinkDefinition parse(String name, List<String> sources, ConfigNode node) throws ConfigException {
        RedisEndpoint endpoint = RedisTarget.endpoint(node);
        String stream = node.string("stream");
        if (stream.isBlank()) {
            throw new ConfigException(node.pathOf("stream") + ": empty; expected a stream key such as "
                    + "network_traffic or nsr.{source}");
        }
        long maxLen = node.longValue("maxlen", RedisTarget.DEFAULT_MAXLEN, 0, Long.MAX_VALUE);
        int buffer = node.intValue("buffer", RedisTarget.DEFAULT_BUFFER, 1, 10_000_000);
        node.rejectUnknownKeys();
        return new RedisSinkSpec(name, sources, endpoint, stream, maxLen, buffer);
    }
}
