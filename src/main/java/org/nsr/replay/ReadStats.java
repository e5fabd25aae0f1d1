package org.nsr.replay;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.nsr.archive.DamagedFileException;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What reading a recording met: files read, records read, damaged files skipped, bad lines skipped.
 * Every skip is counted in {@link Metrics} and logged; {@link #summary()} is the line printed on
 * stderr at the end. Thread-safe counters; the damage list keeps the first {@value #MAX_DETAILS}.
 */
public final class ReadStats {
    private static final Logger LOG = LoggerFactory.getLogger(ReadStats.class);
    static final int MAX_DETAILS = 50;
    /** Bad lines logged at WARN per file; the rest at DEBUG (they are all counted). */
    private static final int WARN_LINES_PER_FILE = 5;

    private final Metrics metrics;
    private final Counter filesOpened;
    private final Counter records;
    private final Counter badLines;
    private final Counter partialLines;
    private final Counter invalidUtf8;
    /** Where the first line that is not UTF-8 was, for the summary; null until one is met. */
    private volatile String firstInvalidUtf8;
    private final Counter reordered;
    private final Counter reorderOverflow;
    private final Counter lateAfterReordering;
    private final List<String> damage = Collections.synchronizedList(new ArrayList<>());

    public ReadStats(Metrics metrics) {
        this.metrics = metrics;
        this.filesOpened = metrics.counter("nsr_replay_files_opened_total", "Recording files opened for reading");
        this.records = metrics.counter("nsr_replay_records_read_total", "Records read from recordings");
        this.badLines = metrics.counter("nsr_replay_bad_lines_total",
                "Lines skipped because they have no top-level numeric timestamp or are not a JSON object");
        this.invalidUtf8 = metrics.counter("nsr_replay_invalid_utf8_lines_total",
                "Lines skipped because they are not valid UTF-8");
        this.partialLines = metrics.counter("nsr_replay_partial_lines_total",
                "Unterminated last lines of files still being written, skipped");
        this.reordered = metrics.counter("nsr_replay_reordered_records_total",
                "Records read after a later record of their source and put back in timestamp order");
        this.reorderOverflow = metrics.counter("nsr_replay_reorder_overflow_total",
                "Records released before their reorder window passed because the buffer was full");
        this.lateAfterReordering = metrics.counter("nsr_replay_late_records_total",
                "Records that still came out after a later record of their source (later than the reorder window)");
    }

    public Metrics metrics() {
        return metrics;
    }

    void fileOpened() {
        filesOpened.increment();
    }

    void recordsRead(long n) {
        records.add(n);
    }

    /** A file that could not be read to its end: counted by kind, logged, and kept for the summary. */
    void damaged(RecordingFile file, DamagedFileException e, long linesRead) {
        metrics.counter("nsr_replay_files_damaged_total", "Recording files skipped as damaged (by kind)",
                "kind", e.kind().label()).increment();
        String detail = e.getMessage() + (linesRead > 0 ? " (after " + linesRead + " lines were read)" : "");
        LOG.warn("skipping the rest of a damaged recording file: {}", detail);
        if (damage.size() < MAX_DETAILS) {
            damage.add(detail);
        }
    }

    void badLine(RecordingFile file, long lineNumber, long badInFile, String why) {
        badLines.increment();
        if (badInFile <= WARN_LINES_PER_FILE) {
            LOG.warn("{} line {}: {}; line skipped{}", file.path(), lineNumber, why,
                    badInFile == WARN_LINES_PER_FILE ? " (further bad lines of this file are logged at DEBUG)" : "");
        } else {
            LOG.debug("{} line {}: {}; line skipped", file.path(), lineNumber, why);
        }
    }

    /** A line that is not valid UTF-8: counted, logged like a bad line, its place kept for the summary. */
    void invalidUtf8(RecordingFile file, long lineNumber, int badByte, long badInFile) {
        invalidUtf8.increment();
        if (firstInvalidUtf8 == null) {
            firstInvalidUtf8 = file.path() + " line " + lineNumber + " byte " + (badByte + 1);
        }
        if (badInFile <= WARN_LINES_PER_FILE) {
            LOG.warn("{} line {}: not valid UTF-8 at byte {}; line skipped{}", file.path(), lineNumber, badByte + 1,
                    badInFile == WARN_LINES_PER_FILE ? " (further bad lines of this file are logged at DEBUG)" : "");
        } else {
            LOG.debug("{} line {}: not valid UTF-8 at byte {}; line skipped", file.path(), lineNumber, badByte + 1);
        }
    }

    void partialLine(RecordingFile file, long lineNumber) {
        partialLines.increment();
        LOG.info("{} line {}: unterminated last line of a file still being written; skipped", file.path(), lineNumber);
    }

    void reordered() {
        reordered.increment();
    }

    void reorderOverflow(String source) {
        reorderOverflow.increment();
        if (reorderOverflow.get() == 1) {
            LOG.warn("source {}: the reorder buffer is full; records are released before their window passes "
                    + "(counted in nsr_replay_reorder_overflow_total, on /metrics with --serve, and in the closing summary;"
                    + " further ones are logged at DEBUG)", source);
        } else {
            LOG.debug("source {}: reorder buffer full, earliest record released early", source);
        }
    }

    void lateAfterReordering(RecordingFile file, long timestampNanos, long latestReleased) {
        lateAfterReordering.increment();
        if (lateAfterReordering.get() <= WARN_LINES_PER_FILE) {
            LOG.warn("{}: a record at {} ns comes out after one at {} ns ({} ms later than the reorder window "
                    + "can fix); replayed as read", file.path(), timestampNanos, latestReleased,
                    (latestReleased - timestampNanos) / 1_000_000);
        } else {
            LOG.debug("{}: a record at {} ns comes out after one at {} ns", file.path(), timestampNanos, latestReleased);
        }
    }

    public long reorderedRecords() {
        return reordered.get();
    }

    public long reorderOverflows() {
        return reorderOverflow.get();
    }

    public long lateRecords() {
        return lateAfterReordering.get();
    }

    public long filesOpened() {
        return filesOpened.get();
    }

    public long recordsRead() {
        return records.get();
    }

    public long badLines() {
        return badLines.get();
    }

    public long invalidUtf8Lines() {
        return invalidUtf8.get();
    }

    public long partialLines() {
        return partialLines.get();
    }

    public long damagedFiles() {
        return (long) metrics.sum("nsr_replay_files_damaged_total");
    }

    public List<String> damageDetails() {
        synchronized (damage) {
            return List.copyOf(damage);
        }
    }

    /** True when something was skipped that the user should know about. */
    public boolean hasProblems() {
        return damagedFiles() > 0 || badLines() > 0 || invalidUtf8Lines() > 0;
    }

    /** One line (plus one per damaged file) for stderr. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(filesOpened()).append(" files opened, ").append(recordsRead()).append(" records read, ")
                .append(damagedFiles()).append(" damaged files skipped, ").append(badLines())
                .append(" bad lines skipped, ").append(partialLines()).append(" partial last lines skipped");
        if (invalidUtf8Lines() > 0) {
            sb.append(", ").append(invalidUtf8Lines()).append(" lines not valid UTF-8 skipped (first: ")
                    .append(firstInvalidUtf8).append(')');
        }
        if (reorderedRecords() > 0 || lateRecords() > 0 || reorderOverflows() > 0) {
            sb.append(", ").append(reorderedRecords()).append(" records read out of order, ").append(lateRecords())
                    .append(" still out of order after the reorder window, ").append(reorderOverflows())
                    .append(" released early (reorder buffer full)");
        }
        for (String d : damageDetails()) {
            sb.append(System.lineSeparator()).append("  damaged: ").append(d);
        }
        return sb.toString();
    }
}
