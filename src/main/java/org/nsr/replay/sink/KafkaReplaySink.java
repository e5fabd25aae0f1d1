package org.nsr.replay.sink;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.nsr.replay.RecordSink;
import org.nsr.replay.RecordView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code replay --kafka BOOTSTRAP --topic T}: publishes each replayed record, one line per
 * message keyed by its source (so each source's order is kept in one partition), with
 * idempotence on and {@code acks=all}. Unlike the recorder's Kafka sink it applies back-pressure:
 * a replay may wait for the broker. Failed deliveries are counted and make the exit code 1.
 */
public final class KafkaReplaySink implements RecordSink {
    private static final Logger log = LoggerFactory.getLogger(KafkaReplaySink.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topicPattern;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private long sent;

    /** @param topicPattern the topic, where {@code {source}} stands for the record's source */
    public KafkaReplaySink(String bootstrap, String topicPattern) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("client.id", "nsr-replay");
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("linger.ms", "5");
        p.put("batch.size", Integer.toString(256 << 10));
        p.put("compression.type", "lz4");
        p.put("max.block.ms", "30000");
        p.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        p.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        this.producer = new KafkaProducer<>(p);
        this.topicPattern = topicPattern;
    }

    @Override
    public void accept(RecordView r) throws IOException {
        byte[] value = Arrays.copyOfRange(r.array(), r.offset(), r.offset() + r.length());
        String topic = topicPattern.replace("{source}", r.source());
        try {
            producer.send(new ProducerRecord<>(topic, r.source().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    value), (meta, e) -> {
                        if (e == null) {
                            delivered.incrementAndGet();
                        } else if (failed.getAndIncrement() == 0) {
                            log.warn("replay to kafka topic {}: delivery failed ({}); failures are counted", topic,
                                    e.toString());
                        }
                    });
            sent++;
        } catch (KafkaException e) {
            throw new IOException("kafka: cannot send to topic " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public long failures() {
        return failed.get() + Math.max(0, sent - delivered.get() - failed.get());
    }

    @Override
    public String summary() {
        return "kafka: " + delivered.get() + " records delivered to " + topicPattern + ", " + failures()
                + " not delivered";
    }

    @Override
    public void close() {
        producer.flush();
        producer.close(Duration.ofSeconds(30));
    }
}
