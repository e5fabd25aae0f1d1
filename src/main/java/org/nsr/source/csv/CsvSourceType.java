package org.nsr.source.csv;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.nsr.config.ConfigException;
import org.nsr.config.ConfigNode;
import org.nsr.config.RecorderDefaults;
import org.nsr.source.SourceSpec;
import org.nsr.source.SourceType;

/**
 * {@code type: csv}: the rows of a CSV file with a header, each recorded as a typed JSON row. Keys:
 * <ul>
 *   <li>{@code path} the file, relative to the config's folder (required);</li>
 *   <li>{@code delay} pause after each row (default 0s);</li>
 *   <li>{@code records} rows to record, 0 for all (default 0);</li>
 *   <li>{@code follow} keep reading as the file grows, like {@code tail -F}, across rotation (default false);</li>
 *   <li>{@code timestamp_column} the column with the row's own time, whose bad values are counted
 *       (default {@code timestamp}; the record's {@code timestamp} is the time of reading);</li>
 *   <li>{@code poll_interval} how often a followed file is checked for growth (default 200ms);</li>
 *   <li>{@code position_file} where the read position is kept (default {@code <path>.nsr-position});</li>
 *   <li>{@code max_row_bytes} longer rows are skipped and counted (default 1 MiB);</li>
 * </ul>
 */
public final class CsvSourceType implements SourceType {
    public static final String NAME = "csv";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SourceSpec parse(String name, ConfigNode node, RecorderDefaults defaults) throws ConfigException {
        Path path = resolve(defaults, node.string("path"));
        Duration delay = node.duration("delay", Duration.ZERO, ChronoUnit.SECONDS, Duration.ZERO, Duration.ofHours(1));
        long records = node.longValue("records", 0, 0, Long.MAX_VALUE);
        boolean follow = node.bool("follow", false);
        String timeColumn = node.string("timestamp_column", "timestamp");
        Duration poll = node.duration("poll_interval", Duration.ofMillis(200), ChronoUnit.MILLIS,
                Duration.ofMillis(10), Duration.ofMinutes(10));
        String pos = node.string("position_file", null);
        Path positionFile = pos == null ? path.resolveSibling(path.getFileName() + ".nsr-position")
                : resolve(defaults, pos);
        int maxRow = (int) node.byteSize("max_row_bytes", 1 << 20, 1024, 64L << 20);
        node.rejectUnknownKeys();
        return new CsvSourceSpec(name, path, delay, records, follow, timeColumn, poll, positionFile, maxRow);
    }

    private static Path resolve(RecorderDefaults defaults, String file) {
        Path p = Path.of(file);
        return p.isAbsolute() || defaults.configDir() == null ? p : defaults.configDir().resolve(p);
    }
}
