package org.nsr.sink.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import org.nsr.config.SinkDefinition;
import org.nsr.core.SystemTicker;
import org.nsr.core.Ticker;
import org.nsr.lifecycle.ServiceManager;
import org.nsr.metrics.Metrics;
import org.nsr.record.SortField;
import org.nsr.sink.Syncer;
import org.nsr.testing.KafkaBroker;
import org.nsr.testing.Recordings;
import org.nsr.testing.ScriptedSource;
import org.nsr.testing.TestRecord;

/** The Kafka sink on a real KRaft broker: what is archived is what is published, once (issue 16 item 1). */
class KafkaSinkTest {
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

    static SinkDefinition kafkaSink(String bootstrap, String topic, Map<String, Object> more) throws Exception {
        Map<String, Object> entry = new java.util.HashMap<>(Map.of("bootstrap", bootstrap, "topic", topic));
        entry.putAll(more);
        return new KafkaSinkType().parse("to_kafka", List.of(), new ConfigNode("Recorder.data.sinks[0]", entry));
    }

    static Recorder recorder(Path out, Metrics metrics, SinkDefinition sink, ScriptedSource.Body body) {
        RecorderConfig cfg = new RecorderConfig(null, true, "INFO", out, Duration.ofSeconds(1), Duration.ofMillis(10),
                SortField.TIMESTAMP, Duration.ofMillis(100), RecorderConfig.DEFAULT_SYNC_INTERVAL, null,
                Duration.ofSeconds(30), ZoneId.of("UTC"), 1, 1, 4,
                List.of(new ConfiguredSource(new ScriptedSource("s", body), 10_000, 64 << 20)),
                new OpsSettings(null, -1, null, null, Duration.ofMinutes(5), Duration.ofMinutes(1)), List.of(sink));
        Ticker ticker = new SystemTicker(Clock.systemUTC());
        return new Recorder(cfg, ticker, metrics, new ServiceManager(ticker), BuiltInSinkTypes.factories(cfg),
                Syncer.FORCE);
    }

    @Test
    void replayWithKafkaPublishesEveryRecordOfARecordingIntoTheTopic() throws Exception {
        Path rec = tmp.resolve("rec");
        java.nio.file.Files.createDirectories(rec);
        List<String> lines = new ArrayList<>();
        java.time.LocalDateTime t0 = java.time.LocalDateTime.of(2025, 8, 22, 10, 0);
        long t0Ms = t0.toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
        for (int i = 0; i < 500; i++) {
            lines.add(org.nsr.testing.RecordingWriter.generatorLine(i, (t0Ms + i) * 1_000_000L, "192.168.1.1",
                    "10.0.0.1", 1000 + i, 80, 6, 1, 100));
        }
        org.nsr.testing.RecordingWriter.writeZip(rec, t0, "flows", lines);
        int code = org.nsr.cli.Main.run(new String[] {"replay", rec.toString(), "--kafka", broker.bootstrap(),
            "--topic", "replayed.{source}", "--as-fast-as-possible", "--no-progress"});
        assertEquals(0, code, "replay exit code");
        List<String> published = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : broker.readAll("replayed.flows", lines.size(), Duration.ofSeconds(30))) {
            published.add(new String(r.value(), StandardCharsets.UTF_8));
        }
        assertEquals(lines, published, "every line once, in order (one key: one partition)");
    }

    @Test
    void replayRefusesATopicWithoutKafkaAndTwoSinks() {
        assertEquals(2, org.nsr.cli.Main.run(new String[] {"replay", tmp.toString(), "--topic", "t"}));
        assertEquals(2, org.nsr.cli.Main.run(new String[] {"replay", tmp.toString(), "--kafka", "h:1", "--post",
            "http://127.0.0.1:1/x"}));
        assertEquals(2, org.nsr.cli.Main.run(new String[] {"replay", tmp.toString(), "--kafka", "nohost"}));
    }

    @Test
    void everyRecordOfARecordingIsPublishedExactlyOnceWithIdempotenceOn() throws Exception {
        int n = 50_000;
        broker.createTopic("nsr.s", 3);
        Metrics metrics = new Metrics();
        Path out = tmp.resolve("out");
        Recorder recorder = recorder(out, metrics, kafkaSink(broker.bootstrap(), "nsr.{source}", Map.of("key", "source", "buffer", n)),
                (ch, stop) -> {
                    long t0 = System.currentTimeMillis() * 1_000_000L;
                    for (int i = 0; i < n; i++) {
                        ch.put(new TestRecord(t0 + i * 1000L, 1, i));
                    }
                    stop.awaitForever();
                });
        recorder.start();
        org.nsr.testing.JarProcess.awaitCondition("every record handed to kafka", 60,
                () -> metrics.value("nsr_sink_records_total", "source", "s", "sink", "to_kafka") >= n);
        assertTrue(recorder.stop(Duration.ofSeconds(30)), "recorder stopped cleanly");

        List<String> archived = new ArrayList<>(Recordings.archivedLines(out));
        List<String> published = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : broker.readAll("nsr.s", n, Duration.ofSeconds(30))) {
            published.add(new String(r.value(), StandardCharsets.UTF_8));
            assertEquals("s", new String(r.key(), StandardCharsets.UTF_8), "key: source");
        }
        assertEquals(n, archived.size(), "all archived");
        Collections.sort(archived);
        Collections.sort(published);
        assertEquals(archived, published, "the topic holds every archived record exactly once");
        assertEquals(0, metrics.value("nsr_sink_dropped_total", "source", "s", "sink", "to_kafka"), "nothing dropped");
    }
}
