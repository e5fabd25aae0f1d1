package org.nsr.app;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.nsr.archive.Retention;
import org.nsr.config.RecorderConfig;
import org.nsr.config.StorageClasses;
import org.nsr.config.StorageClasses.StorageClass;
import org.nsr.metrics.Metrics;

/**
 * Which retention limits apply to which archives: the recorder's {@code retention:} to all of them;
 * with storage classes, each class's own {@code retention:} to its files (the catch-all's files are
 * the ones with plain names), and the recorder's to the files of every class without its own.
 */
final class RetentionPlan {
    private RetentionPlan() {
    }

    /** The limits to apply at each check, in order; empty when nothing is ever deleted. */
    static List<Retention> of(RecorderConfig config, Clock clock, Metrics metrics) {
        RecorderConfig.OpsSettings ops = config.ops();
        boolean global = ops.retentionMaxAge() != null || ops.retentionMaxBytes() > 0;
        List<Retention> out = new ArrayList<>();
        StorageClasses classes = config.classes();
        Set<String> owned = new HashSet<>();
        for (StorageClass c : classes.classes()) {
            if (!c.ownRetention()) {
                continue;
            }
            String fileClass = fileClass(classes, c);
            owned.add(fileClass);
            out.add(new Retention(c.retentionMaxAge(), c.retentionMaxBytes(), clock, metrics,
                    name -> name.storageClass().equals(fileClass), c.name()));
        }
        if (global) {
            out.add(owned.isEmpty() ? new Retention(ops.retentionMaxAge(), ops.retentionMaxBytes(), clock, metrics)
                    : new Retention(ops.retentionMaxAge(), ops.retentionMaxBytes(), clock, metrics,
                            name -> !owned.contains(name.storageClass()), null));
        }
        return out;
    }

    /** The class its files' names carry: none for the catch-all, which keeps the original names. */
    static String fileClass(StorageClasses classes, StorageClass c) {
        return c == classes.catchAll() ? "" : c.name();
    }
}
