package org.nsr.replay;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.nsr.config.ConfigException;

/**
 * Which records to read: a set of sources (empty means all) and a time range of record timestamps.
 * No zone: which files hold the range is decided from the records ({@link FilePruner}), not from
 * the local-time stamps in file names.
 */
public record ReadSelection(Set<String> sources, TimeRange range) {

    public static ReadSelection all() {
        return new ReadSelection(Set.of(), TimeRange.ALL);
    }

    /** The selected sources present in {@code index}; an unknown name is a user error. */
    public List<String> resolveSources(RecordingIndex index) throws ConfigException {
        if (sources.isEmpty()) {
            return index.sources();
        }
        Set<String> chosen = new TreeSet<>();
        for (String s : sources) {
            // a source recorded by several recorders of a group is one stream per recorder: source@instance;
            // a source with storage classes is one stream per class: source+class (and source+class@instance)
            List<String> streams = index.sources().stream()
                    .filter(k -> (k.startsWith(s + "@") || k.startsWith(s + org.nsr.layout.RecordingFileName.CLASS_SEPARATOR))
                            && !index.files(k).isEmpty()).toList();
            if (!streams.isEmpty()) {
                chosen.addAll(streams);
                if (index.files(s).isEmpty()) {
                    continue;
                }
            }
            if (index.files(s).isEmpty()) {
                throw new ConfigException("--source: '" + s + "' has no files in " + index.root()
                        + "; sources found: " + (index.sources().isEmpty() ? "(none)" : String.join(", ", index.sources())));
            }
            chosen.add(s);
        }
        return List.copyOf(chosen);
    }
}
