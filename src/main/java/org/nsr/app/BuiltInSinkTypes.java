package org.nsr.app;

import java.util.List;
import org.nsr.sink.SinkFactory;
import org.nsr.sink.redis.RedisSinkFactory;

/**
 * The sink types this build registers besides the file writer, which every source has: where a
 * new kind of sink (index feed, aggregation, Redis or Kafka mirror, live tap) is added.
 */
public final class BuiltInSinkTypes {
    private BuiltInSinkTypes() {
    }

    public static List<SinkFactory> factories() {
        return List.of(new RedisSinkFactory());
    }
}
