package org.nsr.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The statistics log ({@code stats_log:}): one {@link StatsSnapshot} a line, one file a UTC day.
 * {@code logs/stats.ndjson} writes {@code logs/stats-2026-12-01.ndjson}, then
 * {@code logs/stats-2026-12-02.ndjson}: the names sort as the days do. When a day begins, files
 * older than {@code keepDays} days are deleted. Only the stats thread calls {@link #append}: it
 * decides when to rotate; each append opens, writes one line and closes, so a file removed by hand
 * is simply begun again.
 */
public final class StatsLog {
    private static final Logger log = LoggerFactory.getLogger(StatsLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final String stem;
    private final String extension;
    private final int keepDays;
    private final Metrics metrics;
    private LocalDate day; // the day of the last append; only the stats thread touches it

    /** @param file the configured path; its stem and extension name the daily files */
    public StatsLog(Path file, int keepDays, Metrics metrics) {
        Path abs = file.toAbsolutePath();
        this.dir = abs.getParent();
        String name = abs.getFileName().toString();
        int dot = name.lastIndexOf('.');
        this.stem = dot > 0 ? name.substring(0, dot) : name;
        this.extension = dot > 0 ? name.substring(dot) : "";
        this.keepDays = keepDays;
        this.metrics = metrics;
    }

    /** The file of {@code date}. */
    public Path fileOf(LocalDate date) {
        return dir.resolve(stem + "-" + date + extension);
    }

    /** Appends the object of {@code now}; a failure is logged and the next interval tries again. */
    public void append(Instant now) {
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        try {
            Files.createDirectories(dir);
            if (!today.equals(day)) {
                day = today;
                deleteOlderThan(today.minusDays(keepDays));
            }
            byte[] line = (JSON.writeValueAsString(StatsSnapshot.of(metrics, now)) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = Files.newOutputStream(fileOf(today), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND)) {
                out.write(line);
            }
        } catch (IOException e) {
            log.warn("stats_log: cannot write {}: {}; trying again at the next stats_interval", fileOf(today),
                    e.toString());
        }
    }

    private void deleteOlderThan(LocalDate oldestKept) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, stem + "-*" + extension)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                String date = name.substring(stem.length() + 1, name.length() - extension.length());
                try {
                    if (LocalDate.parse(date).isBefore(oldestKept)) {
                        Files.deleteIfExists(f);
                        log.info("stats_log: deleted {} (older than {} days)", f, keepDays);
                    }
                } catch (DateTimeParseException e) {
                    // not one of ours
                }
            }
        }
    }
}
