package org.nsr.app;

import java.util.Collection;
import org.nsr.config.StorageClasses;
import org.nsr.config.StorageClasses.StorageClass;
import org.nsr.layout.RecordingFileName;
import org.nsr.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The stop summary's lines for storage classes: what each class took and what its cutoff kept out. */
final class ClassSummary {
    private static final Logger log = LoggerFactory.getLogger(Recorder.class);

    private ClassSummary() {
    }

    /** @param writers the writers' names; those of classes are {@code source+class} */
    static void log(StorageClasses classes, Collection<String> writers, Metrics metrics) {
        if (!classes.configured()) {
            return;
        }
        for (String w : writers) {
            int sep = w.indexOf(RecordingFileName.CLASS_SEPARATOR);
            if (sep < 0) {
                continue;
            }
            String source = w.substring(0, sep);
            String name = w.substring(sep + 1);
            StorageClass c = classes.classes().stream().filter(k -> k.name().equals(name)).findFirst().orElse(null);
            long routed = (long) metrics.value("nsr_class_records_total", "source", source, "class", name);
            long cut = (long) metrics.value("nsr_class_cutoff_records_total", "source", source, "class", name);
            log.info("summary {} class {}: {} records routed, {} kept out by cutoff {} (each file's facts carry "
                    + "its count)", source, name, routed, cut, c == null || c.cutoff() == 0 ? "(none)" : c.cutoff());
        }
    }
}
