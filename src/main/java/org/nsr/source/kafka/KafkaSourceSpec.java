package org.nsr.source.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.nsr.source.Source;
import org.nsr.source.SourceContext;
import org.nsr.source.SourceSpec;

/**
 * A validated {@code type: kafka} source entry.
 *
 * @param start where a group without committed offsets starts: earliest or latest
 * @param maxUnacked records handed on and not yet committed; the source waits (and asks the writer to
 *     publish its file early) when this many are
 * @param commitInterval how often archived records' offsets are committed
 * @param revokeTimeout how long a revoke (or the stop) waits for what the source holds to be archived
 * @param sealEvery how often the source asks the writer to publish its file early so offsets can be
 *     committed, bounding the uncommitted window in time; zero leaves it to file rotation
 */
public record KafkaSourceSpec(String name, String bootstrap, List<String> topics, String group, String clientId,
        String start, int maxPollRecords, Duration pollTimeout, int maxUnacked, Duration commitInterval,
        Duration revokeTimeout, Duration sealEvery, Map<String, String> consumer) implements SourceSpec {

    @Override
    public String type() {
        return KafkaSourceType.NAME;
    }

    @Override
    public Source create(SourceContext context) {
        return new KafkaSource(this, context);
    }

    /** The consumer's properties: offsets are committed by the source only, never automatically. */
    Properties consumerProperties() {
        Properties p = new Properties();
        p.putAll(consumer);
        p.put("bootstrap.servers", bootstrap);
        p.put("group.id", group);
        p.put("client.id", clientId);
        p.put("enable.auto.commit", "false");
        p.put("auto.offset.reset", start);
        p.put("max.poll.records", Integer.toString(maxPollRecords));
        // a revoke waits up to revokeTimeout inside poll(): the group must not evict us for it
        long interval = Math.max(300_000L, revokeTimeout.toMillis() * 2);
        p.putIfAbsent("max.poll.interval.ms", Long.toString(interval));
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        return p;
    }
}
