package org.nsr.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.config.RecorderConfig;
import org.nsr.config.RecorderConfig.ConfiguredSource;
import org.nsr.config.RecorderConfig.OpsSettings;
import org.nsr.core.StopSignal;
import org.nsr.layout.ManifestFile;
import org.nsr.layout.RecordingManifest;
import org.nsr.metrics.Metrics;
import org.nsr.channel.Channel;
import org.nsr.record.SortField;
import org.nsr.source.Source;
import org.nsr.source.SourceContext;
import org.nsr.source.SourceSpec;
import org.nsr.source.gen.GeneratorSourceSpec;
import org.nsr.source.http.BodyWrap;
import org.nsr.source.http.HttpSourceSpec;

class ManifestAtStartTest {
    @TempDir
    Path dir;

    /** A source that waits for its stop. */
    private record QuietSpec(String name) implements SourceSpec {
        @Override
        public String type() {
            return "quiet";
        }

        @Override
        public Source create(SourceContext context) {
            return new Source() {
                @Override
                public String name() {
                    return QuietSpec.this.name;
                }

                @Override
                public void run(Channel out, StopSignal stop) throws Exception {
                    stop.awaitForever();
                }
            };
        }
    }

    private RecorderConfig config(ZoneId zone, Duration interval, String... sources) {
        List<ConfiguredSource> cs = java.util.Arrays.stream(sources)
                .map(s -> new ConfiguredSource(new QuietSpec(s), 100, 1 << 20)).toList();
        return new RecorderConfig(null, true, "INFO", dir, interval, Duration.ofMillis(10),
                SortField.TIMESTAMP, Duration.ofMillis(100), Duration.ofSeconds(1), zone, 1, 1, 4, cs,
                new OpsSettings(null, -1, null, null, Duration.ofMinutes(5), Duration.ofMinutes(1)));
    }

    @Test
    void theRecorderWritesTheManifestAtStartAndARestartMergesIntoIt() throws Exception {
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        Recorder first = new Recorder(config(ZoneId.of("Asia/Taipei"), Duration.ofHours(1), "a", "b"),
                Clock.fixed(t0, ZoneOffset.UTC), new Metrics());
        first.start();
        RecordingManifest m = ManifestFile.read(dir).orElseThrow();
        assertEquals(ZoneId.of("Asia/Taipei"), m.fileZone());
        assertEquals(Duration.ofHours(1), m.storageInterval());
        assertEquals(List.of("a", "b"), m.sources().stream().map(RecordingManifest.Source::name).toList());
        assertEquals("quiet", m.sources().get(0).type());
        assertTrue(m.coversEveryFile());
        assertTrue(first.stop(Duration.ofSeconds(10)));

        Instant t1 = t0.plus(Duration.ofHours(3));
        Recorder second = new Recorder(config(ZoneOffset.UTC, Duration.ofMinutes(10), "b", "c"),
                Clock.fixed(t1, ZoneOffset.UTC), new Metrics());
        second.start();
        RecordingManifest merged = ManifestFile.read(dir).orElseThrow();
        assertTrue(second.stop(Duration.ofSeconds(10)));
        assertEquals(ZoneOffset.UTC, merged.fileZone());
        assertEquals(2, merged.layouts().size(), "both zones stay known: " + merged.layouts());
        assertEquals(List.of("a", "b", "c"), merged.sources().stream().map(RecordingManifest.Source::name).toList());
        assertEquals(new RecordingManifest.Source("b", "quiet", "quiet", t0, t1), merged.sources().get(1));
    }

    @Test
    void lineKindsFollowTheReadmesLineShapes() {
        HttpSourceSpec flows = new HttpSourceSpec("flowinfo", "http://127.0.0.1:1/flows", Duration.ofSeconds(1),
                Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 1 << 20, Map.of(),
                BodyWrap.FIELD, "flowinfo", false);
        HttpSourceSpec graph = new HttpSourceSpec("graphinfo", "http://127.0.0.1:1/graph", Duration.ofSeconds(1),
                Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 1 << 20, Map.of(),
                BodyWrap.MERGE, "graphinfo", false);
        assertEquals("field:flowinfo", ManifestAtStart.lineKind(flows));
        assertEquals("merge", ManifestAtStart.lineKind(graph));
        assertEquals("generator_flow", ManifestAtStart.lineKind(new GeneratorSourceSpec("gen", 1, 10, 1L, null)));
        assertEquals("quiet", ManifestAtStart.lineKind(new QuietSpec("q")));
    }
}
