package org.nsr.source.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.app.BuiltInSinkTypes;
import org.nsr.app.Recorder;
import org.nsr.config.ConfigNode;
import org.nsr.config.RecorderConfig;
import org.nsr.config.RecorderConfig.ConfiguredSource;
import org.nsr.config.RecorderConfig.OpsSettings;
import org.nsr.core.SystemTicker;
import org.nsr.core.Ticker;
import org.nsr.lifecycle.ServiceManager;
import org.nsr.metrics.Metrics;
import org.nsr.record.SortField;
import org.nsr.record.codec.KafkaLine;
import org.nsr.sink.Syncer;
import org.nsr.testing.JarProcess;
import org.nsr.testing.KafkaBroker;
import org.nsr.testing.Recordings;

/**
 * The Kafka source on a real KRaft broker (issue 16 item 2). Files rotate hourly here, so an
 * offset can only be committed because the source asked the writer to publish its file early
 * (at a revoke or at the stop): a commit before archiving would show at once.
 */
class KafkaSourceTest {
    private static KafkaBroker broker;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    private static KafkaSourceSpec spec(String topic, String group, String client) throws Exception {
        Map<String, Object> entry = new HashMap<>(Map.of("bootstrap", broker.bootstrap(), "topics", List.of(topic),
                "group", group, "client_id", client, "revoke_timeout", "20s", "commit_interval", "50ms"));
        return (KafkaSourceSpec) new KafkaSourceType().parse("from_kafka", new ConfigNode("Recorder.data.sources[0]",
                entry), null);
    }

    private static Recorder recorder(Path out, Metrics metrics, KafkaSourceSpec spec) {
        RecorderConfig cfg = new RecorderConfig(null, true, "INFO", out, Duration.ofHours(1), Duration.ofMillis(10),
                SortField.TIMESTAMP, Duration.ofMillis(100), RecorderConfig.DEFAULT_SYNC_INTERVAL, null,
                Duration.ofSeconds(60), ZoneId.of("UTC"), 1, 1, 4,
                List.of(new ConfiguredSource(spec, 10_000, 64 << 20)),
                new OpsSettings(null, -1, null, null, Duration.ofMinutes(5), Duration.ofMinutes(1)), List.of());
        Ticker ticker = new SystemTicker(Clock.systemUTC());
        return new Recorder(cfg, ticker, metrics, new ServiceManager(ticker), BuiltInSinkTypes.factories(cfg),
                Syncer.FORCE);
    }

    private static void produce(String topic, int from, int to) {
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrap());
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        // the test kit's broker handed two test producers overlapping sequence state: a plain producer will do here
        p.put("enable.idempotence", "false");
        p.put("acks", "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = from; i < to; i++) {
                long ns = System.currentTimeMillis() * 1_000_000L;
                producer.send(new ProducerRecord<>(topic, Integer.toString(i), "{\"timestamp\":" + ns + ",\"n\":" + i
                        + "}"));
            }
            producer.flush();
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        }
    }

    private static long sum(Map<TopicPartition, OffsetAndMetadata> offsets) {
        return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
    }

    private static double consumed(Metrics m) {
        return m.value("nsr_kafka_source_records_total", "source", "from_kafka");
    }

    private static List<String> positions(Path dir) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Recordings.archivedLines(dir)) {
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            out.add(KafkaLine.position(b, 0, b.length));
        }
        return out;
    }

    @Test
    void offsetsAreCommittedOnlyOnceTheRecordsAreArchivedAndTheStopArchivesAndCommitsAll() throws Exception {
        broker.createTopic("only-after-archive", 3);
        produce("only-after-archive", 0, 3000);
        Metrics metrics = new Metrics();
        Path out = tmp.resolve("a");
        Recorder recorder = recorder(out, metrics, spec("only-after-archive", "g1", "a"));
        recorder.start();
        JarProcess.awaitCondition("all 3000 consumed", 60, () -> consumed(metrics) >= 3000);
        // a whole second of commit intervals later, nothing is archived yet, so nothing may be committed
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (System.nanoTime() < deadline) {
            assertEquals(0, sum(committed("g1")), "committed before archiving");
        }
        assertTrue(Recordings.files(out, "_json.zip").isEmpty(), "no archive yet (hourly files)");
        assertTrue(recorder.stop(Duration.ofSeconds(60)), "stopped cleanly");

        Map<TopicPartition, OffsetAndMetadata> done = committed("g1");
        assertEquals(3000, sum(done), "everything committed at the stop");
        done.values().forEach(om -> assertEquals(KafkaSource.CLOSED, om.metadata(), "handed over cleanly"));
        List<String> recorded = positions(out);
        assertEquals(3000, recorded.size(), "every record archived");
        assertEquals(3000, new HashSet<>(recorded).size(), "each once");
        assertEquals(0, metrics.value("nsr_kafka_source_possible_duplicates_total", "source", "from_kafka",
                "reason", "crash_window"));
    }

    @Test
    void aRevokeArchivesAndCommitsWhatTheRecorderHoldsBeforeThePartitionsMoveSoNothingIsReadTwice()
            throws Exception {
        broker.createTopic("revoke", 4);
        produce("revoke", 0, 2000);
        Metrics ma = new Metrics();
        Metrics mb = new Metrics();
        Recorder a = recorder(tmp.resolve("a"), ma, spec("revoke", "g2", "a"));
        a.start();
        JarProcess.awaitCondition("a consumed the first 2000", 60, () -> consumed(ma) >= 2000);
        Recorder b = recorder(tmp.resolve("b"), mb, spec("revoke", "g2", "b"));
        b.start();
        JarProcess.awaitCondition("the rebalance revoked a's partitions", 60,
                () -> ma.value("nsr_kafka_source_revokes_total", "source", "from_kafka") >= 1);
        JarProcess.awaitCondition("a's first 2000 archived and committed by the revoke", 60,
                () -> sumQuietly("g2") >= 2000);
        assertTrue(!Recordings.files(tmp.resolve("a"), "_json.zip").isEmpty(), "the revoke sealed a's file");
        produce("revoke", 2000, 4000);
        JarProcess.awaitCondition("both consumed the next 2000", 60, () -> consumed(ma) + consumed(mb) >= 4000);
        assertTrue(b.stop(Duration.ofSeconds(60)), "b stopped cleanly");
        assertTrue(a.stop(Duration.ofSeconds(60)), "a stopped cleanly");

        List<String> all = new ArrayList<>(positions(tmp.resolve("a")));
        all.addAll(positions(tmp.resolve("b")));
        Set<String> distinct = new HashSet<>(all);
        assertEquals(4000, distinct.size(), "every record in the union");
        assertEquals(4000, all.size(), "none twice: a revoke hands over with everything committed");
        for (Metrics m : List.of(ma, mb)) {
            assertEquals(0, m.value("nsr_kafka_source_possible_duplicates_total", "source", "from_kafka", "reason",
                    "crash_window"));
            assertEquals(0, m.value("nsr_kafka_source_revoke_timeouts_total", "source", "from_kafka"));
        }
    }

    private static long sumQuietly(String group) {
        try {
            return sum(committed(group));
        } catch (Exception e) {
            return -1;
        }
    }
}
