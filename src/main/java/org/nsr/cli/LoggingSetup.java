package org.nsr.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Points logging where the setting file says: the console, or daily-rotated files under
 * {@code logs/} (30 days kept, 1 GB at most) when {@code display_on_console} is false.
 */
final class LoggingSetup {
    private static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n";

    private LoggingSetup() {
    }

    static void configure(boolean console, String level, Path logsDir) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern(PATTERN);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender;
        if (console) {
            ConsoleAppender<ILoggingEvent> c = new ConsoleAppender<>();
            c.setTarget("System.err");
            appender = c;
        } else {
            RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
            file.setFile(logsDir.resolve("nsr.log").toString());
            TimeBasedRollingPolicy<ILoggingEvent> policy = new TimeBasedRollingPolicy<>();
            policy.setContext(ctx);
            policy.setParent(file);
            policy.setFileNamePattern(logsDir.resolve("nsr.%d{yyyy-MM-dd}.log").toString());
            policy.setMaxHistory(30);
            policy.setTotalSizeCap(ch.qos.logback.core.util.FileSize.valueOf("1GB"));
            policy.start();
            file.setRollingPolicy(policy);
            appender = file;
        }
        appender.setContext(ctx);
        appender.setName(console ? "console" : "file");
        appender.setEncoder(encoder);
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.toLevel(level, Level.INFO));
    }

    /** Flushes and stops appenders so the last lines reach their file before exit. */
    static void shutdown() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }
}
