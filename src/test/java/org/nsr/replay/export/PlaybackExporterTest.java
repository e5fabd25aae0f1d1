package org.nsr.replay.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.archive.ArchiveReader;
import org.nsr.config.ConfigException;
import org.nsr.metrics.Metrics;
import org.nsr.replay.ReadSelection;
import org.nsr.replay.ReadStats;
import org.nsr.replay.RecordingIndex;
import org.nsr.replay.TimeRange;
import org.nsr.testing.RecordingWriter;

class PlaybackExporterTest {
    static final LocalDateTime T0 = LocalDateTime.of(2025, 8, 22, 10, 0, 0);
    static final long T0_MS = T0.toInstant(ZoneOffset.UTC).toEpochMilli();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path in;
    @TempDir
    Path out;

    private PlaybackExporter exporter() throws ConfigException {
        return new PlaybackExporter(RecordingIndex.scan(in), new ReadSelection(Set.of(), TimeRange.ALL),
                new ArchiveReader(ArchiveReader.Options.defaults().withVerifyCrc(true)), new ReadStats(new Metrics()));
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    /** The NDTwin API samples (test resources, copied from the shared fixtures). */
    static String fixture(String name) throws java.io.IOException {
        try (java.io.InputStream in = PlaybackExporterTest.class.getResourceAsStream("/ndtwin/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void exportWritesUnzippedNdjsonWithThePlaybackToolsFieldNames() throws Exception {
        String fixtureFlows = fixture("get_detected_flow_data.json");
        JsonNode fixtureGraph = JSON.readTree(fixture("get_graph_data.json"));
        String compactFlows = JSON.readTree(fixtureFlows).toString();
        for (int f = 0; f < 2; f++) {
            List<String> flows = new ArrayList<>();
            List<String> graphs = new ArrayList<>();
            for (int s = 0; s < 5; s++) {
                flows.add(RecordingWriter.flowinfoLine(T0_MS + f * 60_000L + s * 1000L, compactFlows));
                graphs.add(RecordingWriter.graphinfoLine(T0_MS + f * 60_000L + s * 1000L,
                        fixtureGraph.get("nodes").toString(), fixtureGraph.get("edges").toString()));
            }
            flows.add("{\"timestamp\":" + (T0_MS + f * 60_000L + 5000) + ",\"error\":{\"kind\":\"timeout\","
                    + "\"message\":\"read timed out\",\"status\":null}}");
            RecordingWriter.writeZip(in, T0.plusMinutes(f), "flowinfo", flows);
            RecordingWriter.writeZip(in, T0.plusMinutes(f), "graphinfo", graphs);
        }
        RecordingWriter.writeZip(in, T0, "gen", List.of(
                RecordingWriter.generatorLine(1, T0_MS * 1_000_000L, "1.2.3.4", "5.6.7.8", 1, 2, 6, 3, 4)));

        PlaybackExporter exporter = exporter();
        exporter.export(out);

        List<Path> files;
        try (Stream<Path> s = Files.list(out)) {
            files = s.sorted().toList();
        }
        assertEquals(List.of("2025_08_22_10-00-00_flowinfo.json", "2025_08_22_10-00-00_graphinfo.json",
                "2025_08_22_10-01-00_flowinfo.json", "2025_08_22_10-01-00_graphinfo.json"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        int flowLines = 0;
        int graphLines = 0;
        for (Path p : files) {
            long previous = Long.MIN_VALUE;
            for (String line : Files.readAllLines(p)) {
                JsonNode n = JSON.readTree(line);
                long ts = n.get("timestamp").asLong();
                assertTrue(n.get("timestamp").isIntegralNumber());
                assertTrue(ts >= T0_MS && ts < T0_MS + 120_000, "epoch milliseconds: " + ts);
                assertTrue(ts >= previous);
                previous = ts;
                if (p.toString().contains("flowinfo")) {
                    assertEquals(List.of("timestamp", "flow_info"), fieldNames(n));
                    assertEquals(JSON.readTree(fixtureFlows), n.get("flow_info"));
                    flowLines++;
                } else {
                    assertEquals(List.of("timestamp", "nodes", "edges"), fieldNames(n));
                    assertEquals(fixtureGraph.get("nodes"), n.get("nodes"));
                    assertEquals(fixtureGraph.get("edges"), n.get("edges"));
                    graphLines++;
                }
            }
        }
        assertEquals(10, flowLines);
        assertEquals(10, graphLines);
        assertTrue(exporter.summary().contains("3 records left out"), exporter.summary());
        assertFalse(Files.list(out).anyMatch(p -> p.toString().endsWith(".tmp")));
    }

    @Test
    void anExistingOutputFileIsNotOverwritten() throws Exception {
        RecordingWriter.writeZip(in, T0, "flowinfo", List.of(RecordingWriter.flowinfoLine(T0_MS, "[]")));
        Files.writeString(out.resolve("2025_08_22_10-00-00_flowinfo.json"), "keep");
        ConfigException e = assertThrows(ConfigException.class, () -> exporter().export(out));
        assertTrue(e.getMessage().startsWith("--out:"), e.getMessage());
        assertEquals("keep", Files.readString(out.resolve("2025_08_22_10-00-00_flowinfo.json")));
    }
}
