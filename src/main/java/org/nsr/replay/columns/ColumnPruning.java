package org.nsr.replay.columns;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;
import org.nsr.filter.Filter;
import org.nsr.replay.RecordingFile;
import org.nsr.replay.RecordingIndex;
import org.nsr.replay.TimeRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For readers that hand on whole records ({@code replay --filter}): leaves out the archives whose
 * column sidecar shows that no flow in the time range matches the filter. An archive without a
 * sidecar, or with a damaged one (logged and counted), is kept, so the records handed on are the
 * same as without sidecars. Not thread-safe.
 */
public final class ColumnPruning {
    private static final Logger LOG = LoggerFactory.getLogger(ColumnPruning.class);

    private long skipped;
    private long damaged;

    /** Archives left out: their sidecars hold no matching flow. */
    public long skipped() {
        return skipped;
    }

    /** Sidecars that could not be used (their archives are read). */
    public long damaged() {
        return damaged;
    }

    public RecordingIndex prune(RecordingIndex index, Filter filter, TimeRange range) {
        if (filter.matchesAll()) {
            return index;
        }
        Set<java.nio.file.Path> drop = new HashSet<>();
        for (RecordingFile f : index.allFiles()) {
            if (!f.isArchive() || !Files.isRegularFile(ColumnBuild.sidecarOf(f))) {
                continue;
            }
            try {
                ColumnReader r = ColumnReader.open(ColumnBuild.sidecarOf(f), Files.size(f.path()));
                boolean[] any = {false};
                r.forEach((t, s, d, sp, dp, p, pk, by) -> {
                    if (!any[0] && range.contains(t) && filter.matches(s, d, sp, dp, p, pk, by)) {
                        any[0] = true;
                    }
                });
                if (!any[0]) {
                    drop.add(f.path());
                }
            } catch (DamagedColumnsException | IOException e) {
                damaged++;
                LOG.warn("{}: the column sidecar is not usable ({}); reading the archive", f.path(), e.getMessage());
            }
        }
        for (String source : index.sources()) {
            // a source keeps one file, so --source still names a known source (its records still pass the filter)
            if (!index.files(source).isEmpty() && index.files(source).stream().allMatch(f -> drop.contains(f.path()))) {
                drop.remove(index.files(source).get(0).path());
            }
        }
        skipped = drop.size();
        return drop.isEmpty() ? index : index.retain(f -> !drop.contains(f.path()));
    }
}
