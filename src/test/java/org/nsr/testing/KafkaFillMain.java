package org.nsr.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * For the bench scripts: creates a topic and fills it with RECORDS generator flow lines (the
 * shape a recorder's Kafka sink publishes), as fast as the producer goes, acks=all.
 * {@code KafkaFillMain BOOTSTRAP TOPIC PARTITIONS RECORDS}; prints {@code filled N} at the end.
 */
public final class KafkaFillMain {
    private KafkaFillMain() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        int partitions = Integer.parseInt(args[2]);
        long records = Long.parseLong(args[3]);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        p.put("acks", "all");
        p.put("linger.ms", "20");
        p.put("batch.size", Integer.toString(512 << 10));
        p.put("compression.type", "lz4");
        long t0 = System.currentTimeMillis() * 1_000_000L;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (long i = 0; i < records; i++) {
                String line = RecordingWriter.generatorLine(i, t0 + i * 1000L, "192.168.1." + (i % 250),
                        "10.0.0." + (i % 200), (int) (1024 + i % 60000), 443, 6, 15, 12000);
                producer.send(new ProducerRecord<>(topic, Long.toString(i % 4096).getBytes(StandardCharsets.US_ASCII),
                        line.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        System.out.println("filled " + records);
    }
}
