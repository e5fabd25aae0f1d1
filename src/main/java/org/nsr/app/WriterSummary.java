package org.nsr.app;

import java.util.List;
import java.util.Map;
import org.nsr.metrics.Metrics;
import org.nsr.write.QueueWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The stop summary's line per writer: records accepted and written, files, bytes, late records, queue. */
final class WriterSummary {
    private static final Logger log = LoggerFactory.getLogger(Recorder.class);

    private WriterSummary() {
    }

    /** @param byName the writers under their names: a source's, or with storage classes each class's (source+class) */
    static void log(Map<String, List<QueueWriter>> byName, Metrics metrics) {
        byName.forEach((s, list) -> log.info("summary {}: {} accepted, {} records written, {} files, {} bytes raw, "
                        + "{} bytes compressed, {} late records, queue high-water {}, producers blocked {} ms",
                s, (long) metrics.value("nsr_queue_accepted_total", "queue", s),
                (long) metrics.value("nsr_writer_records_total", "source", s),
                (long) metrics.value("nsr_writer_files_total", "source", s),
                (long) metrics.value("nsr_writer_bytes_total", "source", s),
                (long) (metrics.value("nsr_compress_bytes_out_total", "source", s)
                        - metrics.value("nsr_compress_recovered_bytes_out_total", "source", s)),
                (long) metrics.value("nsr_writer_late_records_total", "source", s),
                list.stream().mapToLong(w -> w.queue().highWater()).max().orElse(0),
                (long) (metrics.value("nsr_queue_blocked_seconds_total", "queue", s) * 1000)));
    }
}
