package org.nsr.replay;

import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.nsr.config.ConfigException;

/**
 * Which records to read: a set of sources (empty means all) and a time range. {@code fileZone} is
 * the zone the file name stamps were written in (the recorder's file_timezone), used only to skip
 * files that cannot hold records in range.
 */
public record ReadSelection(Set<String> sources, TimeRange range, ZoneId fileZone) {

    public static ReadSelection all() {
        return new ReadSelection(Set.of(), TimeRange.ALL, ZoneId.systemDefault());
    }

    /** The selected sources present in {@code index}; an unknown name is a user error. */
    public List<String> resolveSources(RecordingIndex index) throws ConfigException {
        if (sources.isEmpty()) {
            return index.sources();
        }
        Set<String> chosen = new TreeSet<>();
        for (String s : sources) {
            if (index.files(s).isEmpty()) {
                throw new ConfigException("--source: '" + s + "' has no files in " + index.root()
                        + "; sources found: " + (index.sources().isEmpty() ? "(none)" : String.join(", ", index.sources())));
            }
            chosen.add(s);
        }
        return List.copyOf(chosen);
    }
}
