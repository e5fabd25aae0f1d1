package org.nsr.app;

import java.util.List;
import org.nsr.config.SourceTypeRegistry;
import org.nsr.source.csv.CsvSourceType;
import org.nsr.source.gen.GeneratorSourceType;
import org.nsr.source.kafka.KafkaSourceType;
import org.nsr.source.redis.RedisSourceType;
import org.nsr.source.http.HttpSourceType;
import org.nsr.source.ingest.IngestSourceType;

/** The source types this build registers: where a new type is added. */
public final class BuiltInSourceTypes {
    private static final SourceTypeRegistry REGISTRY = new SourceTypeRegistry(
            List.of(new HttpSourceType(), new GeneratorSourceType(), new IngestSourceType(), new CsvSourceType(),
                    new RedisSourceType(), new KafkaSourceType()), HttpSourceType::defaultSources,
            BuiltInSinkTypes.parsers());

    private BuiltInSourceTypes() {
    }

    public static SourceTypeRegistry registry() {
        return REGISTRY;
    }
}
