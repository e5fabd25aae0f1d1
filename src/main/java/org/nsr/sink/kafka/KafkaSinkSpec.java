package org.nsr.sink.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.nsr.metrics.Metrics;
import org.nsr.sink.Sink;
import org.nsr.sink.SinkSpec;

/**
 * A validated {@code type: kafka} sink entry; see {@link KafkaSinkType} for the keys.
 *
 * @param topicPattern the topic, where {@code {source}} stands for the source's name
 * @param buffer records that may wait for the producer before new ones are dropped (the sink never blocks)
 * @param extra further producer properties ({@code producer:}), checked against the ones set here
 */
public record KafkaSinkSpec(String name, List<String> sources, String bootstrap, String topicPattern, RecordKey key,
        String acks, boolean idempotence, Duration linger, int batchSize, String compression, long bufferMemory,
        int buffer, Duration maxBlock, Duration deliveryTimeout, Duration stopTimeout, Map<String, String> extra)
        implements SinkSpec {

    public KafkaSinkSpec {
        sources = List.copyOf(sources);
        extra = Map.copyOf(extra);
    }

    @Override
    public String type() {
        return KafkaSinkType.NAME;
    }

    public String topicFor(String source) {
        return topicPattern.replace("{source}", source);
    }

    /** The producer's properties: ours, explicit, over the checked extras. */
    public Properties producerProperties(String source) {
        Properties p = new Properties();
        p.putAll(extra);
        p.put("bootstrap.servers", bootstrap);
        p.put("client.id", "nsr-" + name + "-" + source);
        p.put("acks", acks);
        // Explicit either way: Kafka turns idempotence off silently when a setting conflicts (KIP-679).
        p.put("enable.idempotence", Boolean.toString(idempotence));
        p.put("linger.ms", Long.toString(linger.toMillis()));
        p.put("batch.size", Integer.toString(batchSize));
        p.put("compression.type", compression);
        p.put("buffer.memory", Long.toString(bufferMemory));
        p.put("max.block.ms", Long.toString(maxBlock.toMillis()));
        long delivery = deliveryTimeout.toMillis();
        p.put("delivery.timeout.ms", Long.toString(delivery));
        // Kafka demands delivery.timeout.ms >= linger.ms + request.timeout.ms.
        p.putIfAbsent("request.timeout.ms", Long.toString(Math.min(30_000, delivery - linger.toMillis())));
        p.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        p.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        return p;
    }

    @Override
    public Sink create(String source, Metrics metrics) {
        return new KafkaSink(this, source, metrics);
    }
}
