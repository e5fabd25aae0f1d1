package org.nsr.sink.redis;

import java.util.List;
import org.nsr.metrics.Metrics;
import org.nsr.redis.RedisEndpoint;
import org.nsr.redis.RedisTarget;
import org.nsr.sink.LiveTap;
import org.nsr.sink.Sink;
import org.nsr.sink.SinkSpec;

/**
 * A validated Redis stream sink; see {@link RedisSinkType} for the keys. Each source it serves
 * gets its own non-blocking tap ({@link LiveTap}) and connection ({@link RedisMirror}), closed
 * when the tap stops.
 *
 * @param streamPattern the stream key, where {@code {source}} stands for the source's name
 */
public record RedisSinkSpec(String name, List<String> sources, RedisEndpoint endpoint, String streamPattern,
        long maxLen, int buffer) implements SinkSpec {

    public RedisSinkSpec {
        sources = List.copyOf(sources);
    }

    @Override
    public String type() {
        return RedisSinkType.NAME;
    }

    /** The stream {@code source}'s records go to. */
    public RedisTarget targetFor(String source) {
        return new RedisTarget(endpoint, streamPattern.replace("{source}", source), maxLen, buffer);
    }

    @Override
    public Sink create(String source, Metrics metrics) {
        RedisTarget target = targetFor(source);
        return new LiveTap(source, "redis " + target.stream(), buffer, new RedisMirror(source, target, metrics),
                metrics);
    }
}
