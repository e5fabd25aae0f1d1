package org.nsr.ui;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.nsr.config.ConfigException;
import org.nsr.config.DetectSettings;
import org.nsr.detect.Detector;
import org.nsr.metrics.Metrics;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.FlowView;
import org.nsr.record.codec.FlowVisitor;
import org.nsr.replay.ReadSelection;
import org.nsr.replay.ReadStats;
import org.nsr.replay.RecordMerger;
import org.nsr.replay.RecordView;
import org.nsr.replay.RecordingFile;
import org.nsr.replay.RecordingIndex;
import org.nsr.replay.TimeRange;
import org.nsr.archive.ArchiveReader;

/**
 * The dashboard of a finished recording ({@code nsr dashboard DIR}): its time range, and the state
 * at any time T in it, computed from the archives of the {@value #WINDOW_SECONDS} s before T ([T - 5 min, T)) —
 * records per second of every source, the top talkers and conversations over the last 1 and 5
 * minutes, the protocol mix, bytes and flows per second, and the alerts the detector raises on
 * those flows. At most {@link #MAX_RECORDS} records are read for one answer (more: {@code truncated}).
 *
 * <p>Thread-safe: one answer at a time (the page asks as its slider moves).
 */
public final class RecordingHistory {
    static final int WINDOW_SECONDS = 300;
    static final long MAX_RECORDS = 5_000_000;
    private static final long SECOND = 1_000_000_000L;

    private final RecordingIndex index;
    private final ArchiveReader reader;
    private final DetectSettings detect;
    private final long fromNanos;
    private final long toNanos;

    private RecordingHistory(RecordingIndex index, ArchiveReader reader, DetectSettings detect, long fromNanos,
            long toNanos) {
        this.index = index;
        this.reader = reader;
        this.detect = detect;
        this.fromNanos = fromNanos;
        this.toNanos = toNanos;
    }

    /**
     * Opens the recording and finds its time range from the first and last file of every source.
     *
     * @throws ConfigException when the recording has no readable record
     */
    public static RecordingHistory open(RecordingIndex index, ArchiveReader reader, DetectSettings detect)
            throws ConfigException {
        Set<RecordingFile> ends = new HashSet<>();
        for (String s : index.sources()) {
            List<RecordingFile> files = index.files(s);
            if (!files.isEmpty()) {
                ends.add(files.get(0));
                ends.add(files.get(files.size() - 1));
            }
        }
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        try (RecordMerger m = new RecordMerger(index.retain(ends::contains), ReadSelection.all(), reader,
                new ReadStats(new Metrics()))) {
            RecordView r;
            while ((r = m.next()) != null) {
                from = Math.min(from, r.timestampNanos());
                to = Math.max(to, r.timestampNanos());
            }
        }
        if (from > to) {
            throw new ConfigException("DIR: " + index.root() + " holds no readable record; expected a recording "
                    + "with at least one archive or .json file");
        }
        return new RecordingHistory(index, reader, detect, from, to);
    }

    public long fromNanos() {
        return fromNanos;
    }

    public long toNanos() {
        return toNanos;
    }

    /** The recording's range and sources, for the page's slider. */
    public String range() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from_ms", fromNanos / 1_000_000);
        m.put("to_ms", toNanos / 1_000_000);
        m.put("window_s", WINDOW_SECONDS);
        m.put("sources", index.sources());
        return Snapshots.write(m);
    }

    /** The state at {@code atNanos} (clamped to the range) as one JSON object. */
    public synchronized String at(long atNanos) throws ConfigException {
        long t = Math.max(fromNanos, Math.min(toNanos, atNanos));
        long start = t - WINDOW_SECONDS * SECOND;
        long firstSecond = Math.floorDiv(start, SECOND);
        TrafficWindow traffic = new TrafficWindow(10_000);
        Detector detector = new Detector(detect, new Metrics(), false);
        FlowVisitor both = new FlowVisitor() {
            @Override
            public void flow(Flow f) {
                traffic.add(f);
                detector.flow(f);
            }
        };
        FlowView view = new FlowView();
        Map<String, long[]> perSecond = new TreeMap<>();
        Map<String, Long> lastRecord = new TreeMap<>();
        ReadStats stats = new ReadStats(new Metrics());
        long records = 0;
        boolean truncated = false;
        try (RecordMerger m = new RecordMerger(index, new ReadSelection(Set.of(), new TimeRange(start, t)), reader,
                stats)) {
            RecordView r;
            while ((r = m.next()) != null) {
                if (++records > MAX_RECORDS) {
                    truncated = true;
                    break;
                }
                long ts = r.timestampNanos();
                int slot = (int) (Math.floorDiv(ts, SECOND) - firstSecond);
                if (slot >= 0 && slot < WINDOW_SECONDS) {
                    perSecond.computeIfAbsent(r.source(), k -> new long[WINDOW_SECONDS])[slot]++;
                }
                lastRecord.merge(r.source(), ts, Math::max);
                view.visit(r.array(), r.offset(), r.length(), ts, both);
            }
        }
        return Snapshots.write(state(t, firstSecond, perSecond, lastRecord, traffic, detector,
                Map.of("records", Math.min(records, MAX_RECORDS), "truncated", truncated, "files", stats.filesOpened(),
                        "problems", stats.hasProblems() ? stats.summary() : "")));
    }

    private Map<String, Object> state(long t, long firstSecond, Map<String, long[]> perSecond,
            Map<String, Long> lastRecord, TrafficWindow traffic, Detector detector, Map<String, Object> read) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("time", t / 1_000_000);
        List<Map<String, Object>> sources = new ArrayList<>();
        for (String name : index.sources()) {
            long[] counts = perSecond.getOrDefault(name, new long[WINDOW_SECONDS]);
            long lastMinute = 0;
            long window = 0;
            for (int i = 0; i < WINDOW_SECONDS; i++) {
                window += counts[i];
                lastMinute += i >= WINDOW_SECONDS - 60 ? counts[i] : 0;
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", name);
            e.put("records_window", window);
            e.put("rate_1m", lastMinute / 60.0);
            e.put("last_record_ms", lastRecord.containsKey(name) ? lastRecord.get(name) / 1_000_000 : null);
            sources.add(e);
        }
        s.put("sources", sources);
        List<Double> seconds = new ArrayList<>(WINDOW_SECONDS);
        for (int i = 0; i < WINDOW_SECONDS; i++) {
            seconds.add((double) (firstSecond + i));
        }
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("t", seconds);
        Map<String, long[]> series = new LinkedHashMap<>();
        index.sources().forEach(n -> series.put(n, perSecond.getOrDefault(n, new long[WINDOW_SECONDS])));
        chart.put("series", series);
        s.put("chart", chart);
        long bytes = 0;
        long flows = 0;
        long lastSecond = firstSecond + WINDOW_SECONDS - 1;
        for (long sec = lastSecond - 59; sec <= lastSecond; sec++) {
            long[] b = traffic.second(sec);
            bytes += b[0];
            flows += b[1];
        }
        Map<String, Object> tr = new LinkedHashMap<>();
        tr.put("bytes_per_s", bytes / 60.0);
        tr.put("flows_per_s", flows / 60.0);
        tr.put("flows_total", traffic.totalFlows());
        tr.put("talkers_1m", traffic.topTalkers(1, 10));
        tr.put("talkers_5m", traffic.topTalkers(5, 10));
        tr.put("conversations_1m", traffic.topConversations(1, 10));
        tr.put("conversations_5m", traffic.topConversations(5, 10));
        tr.put("protocols_1m", traffic.protocolMix(1));
        s.put("traffic", tr);
        s.put("attacks", detector.snapshot());
        s.put("read", read);
        return s;
    }
}
