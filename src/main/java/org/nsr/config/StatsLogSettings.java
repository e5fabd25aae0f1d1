package org.nsr.config;

import java.nio.file.Path;

/**
 * {@code stats_log: "logs/stats.ndjson"} under {@code Recorder.data}: one JSON object per
 * {@code stats_interval}, one file a UTC day ({@code logs/stats-2026-12-01.ndjson}), files older
 * than {@code stats_log_keep_days} (default 30) deleted. Off unless set.
 */
public record StatsLogSettings(Path file, int keepDays) {
    public static final int DEFAULT_KEEP_DAYS = 30;

    /** Null when {@code stats_log} is absent or off. */
    static StatsLogSettings read(ConfigNode data) throws ConfigException {
        if (!data.has("stats_log")) {
            if (data.has("stats_log_keep_days")) {
                throw new ConfigException(data.pathOf("stats_log_keep_days") + ": set without stats_log; expected "
                        + "stats_log: \"logs/stats.ndjson\" beside it");
            }
            return null;
        }
        Object raw = data.raw("stats_log");
        if (raw instanceof Boolean b && !b || "off".equals(raw)) {
            return null;
        }
        String file = data.string("stats_log", null);
        if (file == null || file.isBlank()) {
            throw new ConfigException(data.pathOf("stats_log") + ": '" + raw + "' is not a file name; expected a "
                    + "path such as \"logs/stats.ndjson\", or off");
        }
        int keep = data.has("stats_log_keep_days")
                ? data.intValue("stats_log_keep_days", DEFAULT_KEEP_DAYS, 1, 36_500) : DEFAULT_KEEP_DAYS;
        return new StatsLogSettings(Path.of(file), keep);
    }
}
