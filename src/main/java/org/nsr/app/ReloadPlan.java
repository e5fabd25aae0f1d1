package org.nsr.app;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.nsr.config.RecorderConfig;
import org.nsr.config.RecorderConfig.ConfiguredSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a reload changes: the running sources to stop, the sources to start, the changed sources
 * that hand over to their successor on the same queue and writer (only their source settings
 * changed, not the limits of their queue), and the line that says so. Changes to recorder-wide
 * settings are logged: they take effect at the next restart.
 */
record ReloadPlan(List<String> toStop, List<ConfiguredSource> toStart, List<ConfiguredSource> handovers,
        List<String> added, List<String> removed, List<String> changed) {
    private static final Logger log = LoggerFactory.getLogger(ReloadPlan.class);

    /**
     * @param pending sources waiting for their old writer: they take the newest settings here,
     *     and a source no longer wanted is dropped from it
     */
    static ReloadPlan of(RecorderConfig current, RecorderConfig next, Collection<String> running,
            Function<String, ConfiguredSource> runningSource, Map<String, ConfiguredSource> pending) {
        warnAboutRestartOnlyChanges(current, next);
        Map<String, ConfiguredSource> wanted = new LinkedHashMap<>();
        next.sources().forEach(s -> wanted.put(s.name(), s));
        List<String> toStop = new ArrayList<>();
        List<ConfiguredSource> toStart = new ArrayList<>();
        List<ConfiguredSource> handovers = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (String name : running) {
            ConfiguredSource w = wanted.get(name);
            if (w == null) {
                toStop.add(name);
                removed.add(name);
            } else if (!w.equals(runningSource.apply(name))) { // records: same spec, capacity and byte limit
                ConfiguredSource old = runningSource.apply(name);
                if (old.queueCapacity() == w.queueCapacity() && old.queueMaxBytes() == w.queueMaxBytes()) {
                    handovers.add(w); // the writer and its open file stay: no new file for a new interval
                } else {
                    toStop.add(name);
                    toStart.add(w);
                }
                changed.add(name);
            }
        }
        for (ConfiguredSource w : wanted.values()) {
            if (pending.containsKey(w.name())) {
                pending.put(w.name(), w); // still waiting for its old writer: take the newest settings
            } else if (!running.contains(w.name())) {
                toStart.add(w);
                added.add(w.name());
            }
        }
        pending.keySet().removeIf(name -> {
            boolean dropped = !wanted.containsKey(name);
            if (dropped) {
                removed.add(name);
            }
            return dropped;
        });
        return new ReloadPlan(toStop, toStart, handovers, added, removed, changed);
    }

    String summary() {
        return "reload applied: added " + added + ", removed " + removed + ", restarted " + changed
                + (handovers.isEmpty() ? "" : " (writer kept for " + handovers.stream().map(ConfiguredSource::name)
                        .toList() + ")");
    }

    private static String level(RecorderConfig c) {
        return c.compressionLevel() == RecorderConfig.COMPRESSION_LEVEL_AUTO ? "auto" : Integer.toString(c.compressionLevel());
    }

    private static void warnAboutRestartOnlyChanges(RecorderConfig config, RecorderConfig next) {
        Map<String, Object[]> keys = new LinkedHashMap<>();
        keys.put("output_dir", new Object[] {config.outputDir(), next.outputDir()});
        keys.put("storage_interval", new Object[] {config.storageInterval(), next.storageInterval()});
        keys.put("chunk_window", new Object[] {config.chunkWindow(), next.chunkWindow()});
        keys.put("sort_by", new Object[] {config.sortBy(), next.sortBy()});
        keys.put("flush_interval", new Object[] {config.flushInterval(), next.flushInterval()});
        keys.put("sync_interval", new Object[] {config.syncInterval(), next.syncInterval()});
        keys.put("file_timezone", new Object[] {config.fileTimezone(), next.fileTimezone()});
        keys.put("compression", new Object[] {
            level(config) + "/" + config.compressionWorkers() + "/" + config.compressionBacklog(),
            level(next) + "/" + next.compressionWorkers() + "/" + next.compressionBacklog()});
        keys.put("log_level", new Object[] {config.logLevel(), next.logLevel()});
        keys.put("display_on_console", new Object[] {config.displayOnConsole(), next.displayOnConsole()});
        keys.put("classes", new Object[] {config.classes(), next.classes()}); // the writers of a source are built once
        keys.forEach((k, v) -> {
            if (!Objects.equals(v[0], v[1])) {
                log.warn("reload: Recorder.data.{} changed from {} to {}; it takes effect at the next restart", k,
                        v[0], v[1]);
            }
        });
    }
}
