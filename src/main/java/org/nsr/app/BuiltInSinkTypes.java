package org.nsr.app;

import java.util.ArrayList;
import java.util.List;
import org.nsr.config.RecorderConfig;
import org.nsr.config.SinkDefinition;
import org.nsr.config.SinkTypeParser;
import org.nsr.sink.Sink;
import org.nsr.sink.SinkFactory;
import org.nsr.sink.SinkSpec;
import org.nsr.sink.kafka.KafkaSinkType;
import org.nsr.sink.redis.RedisSinkType;

/**
 * The sink types this build registers besides the file writer, which every source has: where a
 * new kind of sink (index feed, aggregation, Redis or Kafka mirror, live tap) is added.
 */
public final class BuiltInSinkTypes {
    private BuiltInSinkTypes() {
    }

    /** The parsers of {@code sinks:} entries, for the config registry. */
    public static List<SinkTypeParser> parsers() {
        return List.of(new KafkaSinkType(), new RedisSinkType());
    }

    /**
     * One factory per configured sink ({@code sinks:} entries and the sinks source entries ask for
     * themselves, such as {@code redis_sink:}): it feeds the sources the sink serves.
     */
    public static List<SinkFactory> factories(RecorderConfig config) {
        List<SinkFactory> out = new ArrayList<>();
        for (SinkDefinition def : config.sinks()) {
            if (!(def instanceof SinkSpec spec)) {
                throw new IllegalArgumentException("sink " + def.name() + ": type " + def.type()
                        + " was parsed by a type that cannot build sinks");
            }
            out.add((source, metrics) -> {
                List<Sink> sinks = new ArrayList<>();
                if (spec.serves(source)) {
                    sinks.add(spec.create(source, metrics));
                }
                return sinks;
            });
        }
        return out;
    }
}
