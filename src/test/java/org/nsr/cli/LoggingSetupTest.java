package org.nsr.cli;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class LoggingSetupTest {
    @TempDir
    Path dir;

    @AfterEach
    void backToConsole() {
        LoggingSetup.configure(true, "WARN", dir);
    }

    private Path onlyLogFile() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("logs"))) {
            List<Path> all = files.toList();
            assertEquals(1, all.size(), "one file: " + all);
            return all.get(0);
        }
    }

    @Test
    void withoutConsoleLogsGoToADailyFileNamedLikeTheOriginals() throws Exception {
        LocalDate before = LocalDate.now();
        LoggingSetup.configure(false, "INFO", dir.resolve("logs"));
        LoggerFactory.getLogger("test").info("written to the file");
        LoggerFactory.getLogger("test").debug("below the level");
        LoggingSetup.configure(true, "WARN", dir); // stops the file appender, flushing it
        LocalDate after = LocalDate.now();

        Path file = onlyLogFile();
        String name = file.getFileName().toString();
        assertTrue(name.equals("NSR_" + before + ".log") || name.equals("NSR_" + after + ".log"), name);
        String text = Files.readString(file);
        assertTrue(text.contains("INFO  [main] test - written to the file"), text);
        assertFalse(text.contains("below the level"), text);
    }

    @Test
    void jsonFormatWritesOneJsonObjectPerLineWithLevelLoggerAndMessage() throws Exception {
        LoggingSetup.configure(false, "DEBUG", "json", dir.resolve("logs"));
        LoggerFactory.getLogger("org.nsr.test").info("poll of {} ok", "flowinfo");
        LoggerFactory.getLogger("org.nsr.test").debug("queue {} depth {}", "flowinfo", 3);
        LoggingSetup.configure(true, "WARN", dir);

        List<String> lines = Files.readAllLines(onlyLogFile());
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = lines.stream().filter(l -> !l.isBlank()).map(l -> {
            try {
                return json.readTree(l);
            } catch (Exception e) {
                throw new AssertionError("not a JSON line: " + l, e);
            }
        }).filter(n -> n.has("formattedMessage")).toList();
        assertEquals(2, events.size(), lines.toString());
        assertEquals("INFO", events.get(0).get("level").asText());
        assertEquals("org.nsr.test", events.get(0).get("loggerName").asText());
        assertEquals("poll of flowinfo ok", events.get(0).get("formattedMessage").asText());
        assertEquals("DEBUG", events.get(1).get("level").asText());
    }

    @Test
    void logFilesFollowSystemdsLogsDirectoryWhenItIsSet() {
        assertEquals(Path.of("/var/log/nsr"), LoggingSetup.logsDir(java.util.Map.of("LOGS_DIRECTORY", "/var/log/nsr")));
        assertEquals(Path.of("/var/log/a"), LoggingSetup.logsDir(java.util.Map.of("LOGS_DIRECTORY", "/var/log/a:/var/log/b")));
        assertEquals(Path.of("logs"), LoggingSetup.logsDir(java.util.Map.of()));
    }

    @Test
    void anUnknownLogFormatIsAConfigErrorNamingTheKey() throws Exception {
        Path cfg = Files.writeString(dir.resolve("s.yaml"), "Recorder:\n  data:\n    log_format: xml\n");

        CliCapture.Result r = CliCapture.run("check", "-c", cfg.toString());

        assertEquals(2, r.exitCode());
        assertEquals("nsr check: Recorder.data.log_format: 'xml' is not one of: text, json\n", r.err());
    }
}
