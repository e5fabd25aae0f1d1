package org.nsr.source.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.nsr.aggregate.FlowKey;
import org.nsr.aggregate.FlowTotals;
import org.nsr.aggregate.RecordingScan;

/**
 * Answers hours that have left memory from the source's recording: one scan of its files sums
 * the asked hours' records, the same numbers the memory held. A scan reads every file of the
 * source (a record's hour is its own, not its file's), so it costs a full read of the recording;
 * one scan runs at a time, and a GET that cannot start one within {@code maxWait} gets 503.
 */
final class OldHours {
    private final Path dir;
    private final String source;
    private final Semaphore oneScan = new Semaphore(1);

    OldHours(Path dir, String source) {
        this.dir = dir;
        this.source = source;
    }

    /** @return per asked hour start, its flows in {@link FlowKey#ORDER}; null when a scan could not start in time */
    Map<Long, List<FlowTotals>> read(Set<Long> hourStarts, Duration maxWait) throws IOException, InterruptedException {
        if (dir == null) {
            return Map.of();
        }
        if (!oneScan.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
            return null;
        }
        try {
            Map<Long, Map<FlowKey, long[]>> sums = new HashMap<>();
            RecordingScan.scan(dir, source, (s, d, v, tx, rx, hour) -> {
                if (hourStarts.contains(hour)) {
                    long[] pair = sums.computeIfAbsent(hour, h -> new HashMap<>())
                            .computeIfAbsent(new FlowKey(s, d, v), k -> new long[2]);
                    pair[0] += tx;
                    pair[1] += rx;
                }
            });
            Map<Long, List<FlowTotals>> out = new HashMap<>();
            sums.forEach((hour, flows) -> {
                List<FlowTotals> rows = new ArrayList<>(flows.size());
                flows.forEach((k, p) -> rows.add(new FlowTotals(k, hour, p[0], p[1])));
                rows.sort((a, b) -> FlowKey.ORDER.compare(a.flow(), b.flow()));
                out.put(hour, rows);
            });
            return out;
        } finally {
            oneScan.release();
        }
    }
}
