package org.nsr.sink.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.nsr.app.BuiltInSourceTypes;
import org.nsr.config.ConfigException;
import org.nsr.config.RecorderConfig;
import org.nsr.config.RecorderConfigLoader;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.LineKinds;

/** {@code sinks:} entries of type kafka: what is accepted, and what is refused with a message naming the key. */
class KafkaSinkConfigTest {

    private static RecorderConfig load(String sinks) throws ConfigException {
        String yaml = """
                Recorder:
                  data:
                    sources:
                      - {name: a, type: generator}
                      - {name: b, type: generator}
                    sinks:
                """ + sinks;
        return RecorderConfigLoader.parse(RecorderConfigLoader.parseYaml(yaml, "t.yaml"), null, Path.of("."),
                BuiltInSourceTypes.registry());
    }

    private static String error(String sinks) {
        return assertThrows(ConfigException.class, () -> load(sinks)).getMessage();
    }

    @Test
    void theIssuesExampleSetsIdempotenceAndItsSettingsExplicitly() throws Exception {
        RecorderConfig c = load("      - {name: to_kafka, type: kafka, bootstrap: \"127.0.0.1:9092\", topic: \"nsr.{source}\","
                + " key: flow, acks: all}\n");
        KafkaSinkSpec k = (KafkaSinkSpec) c.sinks().get(0);
        assertTrue(k.serves("a") && k.serves("b"), "no sources: every source");
        assertEquals("nsr.a", k.topicFor("a"));
        Properties p = k.producerProperties("a");
        assertEquals("true", p.get("enable.idempotence"));
        assertEquals("all", p.get("acks"));
        assertEquals("lz4", p.get("compression.type"));
        assertEquals("5", p.get("linger.ms"));
        assertEquals(Integer.toString(256 << 10), p.get("batch.size"));
    }

    @Test
    void aSinkCanServeSomeSourcesOnly() throws Exception {
        RecorderConfig c = load("      - {name: k, type: kafka, bootstrap: \"h:1\", sources: [b], compression: zstd}\n");
        assertEquals(List.of("b"), c.sinks().get(0).sources());
        assertTrue(!c.sinks().get(0).serves("a") && c.sinks().get(0).serves("b"));
        assertEquals("zstd", ((KafkaSinkSpec) c.sinks().get(0)).producerProperties("b").get("compression.type"));
    }

    @Test
    void settingsWithWhichKafkaWouldDropIdempotenceSilentlyAreRefused() {
        assertEquals("Recorder.data.sinks[0].acks: '1' conflicts with idempotence: true; expected acks: all, or "
                + "idempotence: false", error("      - {name: k, type: kafka, bootstrap: \"h:1\", acks: 1}\n"));
        assertTrue(error("      - {name: k, type: kafka, bootstrap: \"h:1\", producer: "
                + "{max.in.flight.requests.per.connection: 10}}\n")
                .startsWith("Recorder.data.sinks[0].producer.max.in.flight.requests.per.connection: '10' conflicts"));
        assertTrue(error("      - {name: k, type: kafka, bootstrap: \"h:1\", producer: {retries: 0}}\n")
                .startsWith("Recorder.data.sinks[0].producer.retries: '0' conflicts with idempotence: true"));
        assertTrue(error("      - {name: k, type: kafka, bootstrap: \"h:1\", producer: {enable.idempotence: false}}\n")
                .startsWith("Recorder.data.sinks[0].producer.enable.idempotence: is set by the sink itself"));
    }

    @Test
    void recordWithAConflictingKafkaSettingExitsWithTwo(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.yaml");
        java.nio.file.Files.writeString(file, """
                Recorder:
                  data:
                    output_dir: "%s"
                    sources: [{name: a, type: generator}]
                    sinks: [{name: k, type: kafka, bootstrap: "127.0.0.1:9", acks: 1}]
                """.formatted(dir.resolve("out").toString().replace("\\", "/")));
        assertEquals(2, org.nsr.cli.Main.run(new String[] {"record", "--config", file.toString()}));
        assertTrue(!java.nio.file.Files.exists(dir.resolve("out")), "nothing was started");
    }

    @Test
    void withoutIdempotenceAcksOneIsAllowed() throws Exception {
        RecorderConfig c = load("      - {name: k, type: kafka, bootstrap: \"h:1\", acks: 1, idempotence: false}\n");
        assertEquals("false", ((KafkaSinkSpec) c.sinks().get(0)).producerProperties("a").get("enable.idempotence"));
    }

    @Test
    void badValuesNameTheKeyAndWhatIsExpected() {
        assertEquals("Recorder.data.sinks[0].bootstrap: 'nohost' is not a broker list; expected host:port[,host:port...]",
                error("      - {name: k, type: kafka, bootstrap: nohost}\n"));
        assertEquals("Recorder.data.sinks[0].compression: 'gzip' is not one of: lz4, zstd, none",
                error("      - {name: k, type: kafka, bootstrap: \"h:1\", compression: gzip}\n"));
        assertEquals("Recorder.data.sinks[0].key: 'x' is not one of: flow, source, none",
                error("      - {name: k, type: kafka, bootstrap: \"h:1\", key: x}\n"));
        assertTrue(error("      - {name: k, type: kafka, bootstrap: \"h:1\", sources: [zz]}\n")
                .startsWith("Recorder.data.sinks[0].sources: 'zz' is not a configured source"));
        assertTrue(error("      - {name: k, type: rabbit}\n").startsWith("Recorder.data.sinks[0].type: 'rabbit' is not one of: "),
                error("      - {name: k, type: rabbit}\n"));
        assertTrue(error("      - {name: k, type: kafka, bootstrap: \"h:1\", lingerr: 5}\n")
                .startsWith("Recorder.data.sinks[0].lingerr: unknown key"));
    }

    @Test
    void theFlowKeyIsTheConnectionOfTheFirstFlowAndFlowlessLinesAreKeyedBySource() {
        byte[] line = ("{\"stream_id\":1,\"timestamp\":1,\"src_ip\":\"10.0.0.1\",\"dst_ip\":\"10.0.0.2\","
                + "\"src_port\":1234,\"dst_port\":80,\"protocol\":6,\"packet_count\":1,\"byte_count\":100}").getBytes();
        RecordKey.Keyer keyer = RecordKey.FLOW.keyer("src");
        byte[] key = keyer.keyOf(line, 0, line.length, 1);
        byte[] expected = RecordKey.connection4(new Flow().fill(LineKinds.OTHER, 1, 0x0a000001, 0x0a000002, 1234, 80, 6,
                1, 100, 0, 0));
        assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(key));
        byte[] other = "{\"timestamp\":1,\"error\":\"x\"}".getBytes();
        assertEquals("src", new String(keyer.keyOf(other, 0, other.length, 1)));
        assertEquals(null, RecordKey.NONE.keyer("src").keyOf(line, 0, line.length, 1));
    }
}
