package org.nsr.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Points logging where the setting file says: the console (stderr), or one file a day under
 * {@code logs/} named {@code NSR_YYYY-MM-DD.log} like the original recorder's (30 days kept, 1 GB
 * at most) when {@code display_on_console} is false. {@code log_format: json} writes one JSON
 * object a line (logback's JsonEncoder) for journald and Loki; {@code text} a pattern line.
 */
final class LoggingSetup {
    private static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n";
    /** Today's file is written under its final name, so no rename happens at midnight. */
    static final String DAILY_FILE_PATTERN = "NSR_%d{yyyy-MM-dd}.log";

    private LoggingSetup() {
    }

    /**
     * Where log files go: {@code $LOGS_DIRECTORY} when systemd sets it (the unit's
     * {@code LogsDirectory=nsr}, so {@code /var/log/nsr}), else {@code logs/} in the working directory.
     */
    static Path logsDir(java.util.Map<String, String> env) {
        String fromSystemd = env.get("LOGS_DIRECTORY");
        // systemd lists several directories separated by ':' when the unit names several
        return fromSystemd == null || fromSystemd.isBlank() ? Path.of("logs") : Path.of(fromSystemd.split(":")[0]);
    }

    static void configure(boolean console, String level, Path logsDir) {
        configure(console, level, "text", logsDir);
    }

    static void configure(boolean console, String level, String format, Path logsDir) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        Encoder<ILoggingEvent> encoder = encoder(ctx, format);
        OutputStreamAppender<ILoggingEvent> appender;
        if (console) {
            ConsoleAppender<ILoggingEvent> c = new ConsoleAppender<>();
            c.setTarget("System.err");
            appender = c;
        } else {
            RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
            file.setContext(ctx);
            TimeBasedRollingPolicy<ILoggingEvent> policy = new TimeBasedRollingPolicy<>();
            policy.setContext(ctx);
            policy.setParent(file);
            policy.setFileNamePattern(logsDir.resolve(DAILY_FILE_PATTERN).toString());
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

    private static Encoder<ILoggingEvent> encoder(LoggerContext ctx, String format) {
        if ("json".equals(format)) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(ctx);
            // One readable text per event: the message with its arguments filled in.
            json.setWithFormattedMessage(true);
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.start();
            return json;
        }
        PatternLayoutEncoder pattern = new PatternLayoutEncoder();
        pattern.setContext(ctx);
        pattern.setPattern(PATTERN);
        pattern.start();
        return pattern;
    }

    /** Flushes and stops appenders so the last lines reach their file before exit. */
    static void shutdown() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }
}
