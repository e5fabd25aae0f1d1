package org.nsr.sink.redis;

import java.util.List;
import org.nsr.config.SourceDefinition;
import org.nsr.metrics.Metrics;
import org.nsr.sink.LiveTap;
import org.nsr.sink.Sink;
import org.nsr.sink.SinkFactory;

/**
 * The Redis stream sink: for a source entry with {@code redis_sink:}, a non-blocking tap that mirrors
 * its records into the stream ({@link RedisMirror}), with a buffer of {@code redis_sink.buffer} records.
 */
public final class RedisSinkFactory implements SinkFactory {
    @Override
    public List<Sink> create(String source, Metrics metrics) {
        return List.of();
    }

    @Override
    public List<Sink> create(SourceDefinition spec, Metrics metrics) {
        if (!(spec instanceof MirroredSource m) || m.redisSink() == null) {
            return List.of();
        }
        var target = m.redisSink();
        RedisMirror mirror = new RedisMirror(spec.name(), target, metrics);
        return List.of(new LiveTap(spec.name(), "redis " + target.stream(), target.buffer(), mirror, metrics));
    }
}
