package org.nsr.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void withoutConsoleLogsGoToADailyFileAtTheConfiguredLevel() throws Exception {
        LoggingSetup.configure(false, "INFO", dir.resolve("logs"));
        LoggerFactory.getLogger("test").info("written to the file");
        LoggerFactory.getLogger("test").debug("below the level");
        LoggingSetup.configure(true, "WARN", dir); // stops the file appender, flushing it
        String text = Files.readString(dir.resolve("logs/nsr.log"));
        assertTrue(text.contains("INFO  [main] test - written to the file"), text);
        assertTrue(!text.contains("below the level"), text);
    }
}
