package org.nsr.sink.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.app.BuiltInSinkTypes;
import org.nsr.app.BuiltInSourceTypes;
import org.nsr.config.ConfigException;
import org.nsr.config.RecorderConfig;
import org.nsr.config.RecorderConfigLoader;
import org.nsr.config.SinkDefinition;
import org.nsr.metrics.Metrics;
import org.nsr.sink.LiveTap;
import org.nsr.sink.Sink;
import org.nsr.sink.SinkFactory;

/** The Redis sink is a sink port: any source type can feed it, from its own entry or from {@code sinks:}. */
class RedisSinkConfigTest {
    @TempDir
    Path dir;

    private RecorderConfig load(String sources) throws Exception {
        Path f = dir.resolve("setting.yaml");
        Files.writeString(f, "Recorder:\n  data:\n    output_dir: out\n" + sources);
        return RecorderConfigLoader.load(f, BuiltInSourceTypes.registry());
    }

    private static List<Sink> sinksOf(RecorderConfig config, String source) {
        Metrics metrics = new Metrics();
        return BuiltInSinkTypes.factories(config).stream()
                .flatMap((SinkFactory f) -> f.create(source, metrics).stream()).toList();
    }

    @Test
    void everySourceTypeCanAskForItsOwnRedisSink() throws Exception {
        RecorderConfig c = load("""
                    sources:
                      - {name: gen, type: generator, redis_sink: {port: 6390, stream: "g.{source}", maxlen: 10}}
                      - {name: poll, type: http, url: "http://127.0.0.1:8000/x", redis_sink: {stream: polls}}
                      - {name: push, type: ingest, redis_sink: {stream: pushed, buffer: 5}}
                      - {name: plain, type: generator}
                """);
        assertEquals(List.of("gen-redis", "poll-redis", "push-redis"),
                c.sinks().stream().map(SinkDefinition::name).toList());
        RedisSinkSpec gen = (RedisSinkSpec) c.sinks().get(0);
        assertEquals(List.of("gen"), gen.sources());
        assertEquals("g.gen", gen.targetFor("gen").stream());
        assertEquals(6390, gen.endpoint().port());
        assertEquals(10, gen.maxLen());
        for (String source : List.of("gen", "poll", "push")) {
            List<Sink> sinks = sinksOf(c, source);
            assertEquals(1, sinks.size(), source);
            assertTrue(sinks.get(0) instanceof LiveTap && !sinks.get(0).mayBlock(), source);
        }
        assertEquals(List.of(), sinksOf(c, "plain"));
    }

    @Test
    void aSinksEntryOfTypeRedisFeedsTheSourcesItNames() throws Exception {
        RecorderConfig c = load("""
                    sources:
                      - {name: a, type: generator}
                      - {name: b, type: generator}
                    sinks:
                      - {name: mirror, type: redis, sources: [b], stream: "nsr.{source}"}
                """);
        assertEquals(List.of(), sinksOf(c, "a"));
        List<Sink> b = sinksOf(c, "b");
        assertEquals(1, b.size());
        assertEquals("redis nsr.b", b.get(0).name());
    }

    @Test
    void aBadRedisSinkKeyNamesTheKey() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> load("""
                    sources:
                      - {name: gen, type: generator, redis_sink: {stream: s, maxlenn: 5}}
                """));
        assertTrue(e.getMessage().contains("Recorder.data.sources[0].redis_sink"), e.getMessage());
        assertTrue(e.getMessage().contains("maxlenn"), e.getMessage());
    }
}
