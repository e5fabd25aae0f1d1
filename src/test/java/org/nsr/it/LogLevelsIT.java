package org.nsr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.testing.JarProcess;

/**
 * What each log level carries on the packaged recorder (as the original's guide says: DEBUG is
 * flow control and queue operations, TRACE per-item data), the daily file names and JSON lines.
 */
class LogLevelsIT {
    @TempDir
    Path work;

    private String record(String level, String extra) throws Exception {
        Files.writeString(work.resolve("s.yaml"), """
                Recorder:
                  data:
                    storage_interval: "1s"
                    output_dir: "./out"
                    file_timezone: "UTC"
                    log_level: "%s"
                    metrics: {listen: "off"}
                %s
                    sources:
                      - {name: gen, type: generator, threads: 1, rate: 200, seed: 1}
                """.formatted(level, extra));
        Path log = work.resolve(level + ".log");
        try (JarProcess p = JarProcess.start(work, log, "record", "-c", "s.yaml", "--run-for", "2s")) {
            assertEquals(0, p.awaitExit(60), p.output());
            return p.output();
        }
    }

    @Test
    void infoShowsNeitherQueueOperationsNorRecordData() throws Exception {
        String out = record("INFO", "");

        assertTrue(out.contains("published"), out);
        assertFalse(out.contains("DEBUG") || out.contains("TRACE"), out);
    }

    @Test
    void debugShowsQueueOperationsAndFlowControlButNoRecordData() throws Exception {
        String out = record("DEBUG", "");

        assertTrue(out.contains("queue gen: writer took "), out);
        assertTrue(out.contains("gen: chunk at "), out);
        assertTrue(out.contains("gen: flush of "), out);
        assertTrue(out.contains("compression: "), out);
        // the writer may not have taken the last record yet when the queue closes: it drains it after
        assertTrue(java.util.regex.Pattern.compile("queue gen: closed with \\d+ records waiting").matcher(out).find(), out);
        assertFalse(out.contains("TRACE"), "no per-item data at DEBUG");
    }

    @Test
    void traceAddsEveryRecordAndLine() throws Exception {
        String out = record("TRACE", "");

        assertTrue(out.contains("queue gen: put record "), "per-record queue trace");
        assertTrue(out.lines().anyMatch(l -> l.contains("TRACE") && l.contains("gen: line {\"stream_id\":")),
                "per-line data trace");
    }

    @Test
    void withoutConsoleTheDailyFileIsNamedLikeTheOriginalsAndJsonLinesParse() throws Exception {
        LocalDate before = LocalDate.now();
        record("INFO", "    display_on_console: false\n    log_format: json\n");
        LocalDate after = LocalDate.now();

        List<Path> files;
        try (Stream<Path> s = Files.list(work.resolve("logs"))) {
            files = s.toList();
        }
        assertEquals(1, files.size(), files.toString());
        String name = files.get(0).getFileName().toString();
        assertTrue(name.equals("NSR_" + before + ".log") || name.equals("NSR_" + after + ".log"), name);
        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(files.get(0));
        assertFalse(lines.isEmpty());
        boolean published = false;
        for (String line : lines) {
            JsonNode event = json.readTree(line);
            assertTrue(event.has("level") && event.has("loggerName"), line);
            published |= event.path("formattedMessage").asText().contains("published");
        }
        assertTrue(published, lines.toString());
    }
}
