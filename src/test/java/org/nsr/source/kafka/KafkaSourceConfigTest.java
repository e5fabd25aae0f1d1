package org.nsr.source.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.app.BuiltInSourceTypes;
import org.nsr.config.ConfigException;
import org.nsr.config.RecorderConfig;
import org.nsr.config.RecorderConfigLoader;

/** {@code type: kafka} sources and {@code instance_id} in the setting file: what is accepted, what is refused and why. */
class KafkaSourceConfigTest {
    @TempDir
    Path dir;

    private RecorderConfig load(String data) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, "Recorder:\n  data:\n" + data);
        return RecorderConfigLoader.load(f, BuiltInSourceTypes.registry());
    }

    private String error(String data) {
        return assertThrows(ConfigException.class, () -> load(data)).getMessage();
    }

    private static String source(String more) {
        return "    sources:\n      - {name: from_kafka, type: kafka, bootstrap: \"127.0.0.1:9092\", topics: [\"nsr.flows\"]"
                + more + "}\n";
    }

    @Test
    void theIssuesExampleIsAcceptedWithItsDefaults() throws Exception {
        RecorderConfig c = load(source(", group: \"nsr-recorders\""));
        KafkaSourceSpec s = (KafkaSourceSpec) c.sources().get(0).spec();
        assertEquals("nsr-recorders", s.group());
        assertEquals("earliest", s.start());
        assertEquals("false", s.consumerProperties().get("enable.auto.commit"), "the source commits, never the client");
        assertEquals(null, c.instanceId(), "generated at start, not configured");
    }

    @Test
    void badValuesAreRefusedNamingTheKeyTheValueAndWhatIsExpected() {
        String bootstrap = error("    sources:\n      - {name: k, type: kafka, bootstrap: \"nohost\", topics: [t]}\n");
        assertTrue(bootstrap.contains("bootstrap") && bootstrap.contains("'nohost'") && bootstrap.contains("host:port"),
                bootstrap);
        String topics = error("    sources:\n      - {name: k, type: kafka, bootstrap: \"h:1\", topics: []}\n");
        assertTrue(topics.contains("topics") && topics.contains("at least one"), topics);
        String owned = error(source(", consumer: {enable.auto.commit: \"true\"}"));
        assertTrue(owned.contains("enable.auto.commit") && owned.contains("set by the source"), owned);
        String start = error(source(", start: middle"));
        assertTrue(start.contains("start") && start.contains("middle"), start);
        String id = error("    instance_id: \"a/b\"\n" + source(""));
        assertTrue(id.contains("instance_id") && id.contains("'a/b'") && id.contains("letters"), id);
    }

    @Test
    void aConfiguredInstanceIdIsKept() throws Exception {
        assertEquals("rec-7", load("    instance_id: rec-7\n" + source("")).instanceId());
    }
}
