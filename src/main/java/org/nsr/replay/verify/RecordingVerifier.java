package org.nsr.replay.verify;

import org.nsr.layout.FileFacts;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nsr.archive.ArchiveReader;
import org.nsr.archive.DamagedFileException;
import org.nsr.archive.LineSource;
import org.nsr.config.Durations;
import org.nsr.record.codec.JsonObjectCheck;
import org.nsr.record.codec.JsonScan;
import org.nsr.record.codec.LineKeys;
import org.nsr.record.codec.Utf8;
import org.nsr.replay.RecordingFile;
import org.nsr.replay.RecordingIndex;
import org.nsr.record.codec.TimestampUnits;
import org.nsr.layout.FileStage;

/**
 * Checks a recording, file by file:
 * <ul>
 *   <li>every archive opens, has one entry named after the archive, inflates to its recorded size and
 *       matches its CRC-32;</li>
 *   <li>every line is valid UTF-8 ({@link Utf8}, the rule every reader applies) and valid JSON: an object
 *       with a top-level numeric {@code "timestamp"};</li>
 *   <li>timestamps do not decrease within a file, apart from records the writer counted as late.
 *       The recorder keeps that count in the archive entry's comment ({@link FileFacts}); with it,
 *       more decreases than late records is an error, as many or fewer is sound. A file without
 *       the count (recovered after a crash, or not yet archived) has its decreases reported as a
 *       <em>warning</em>, an error only in strict mode. A file sorted by another field than the
 *       timestamp is not expected to be in time order;</li>
 *   <li>poll sources (millisecond timestamps) have no cadence gaps: spacings above twice the median
 *       spacing are listed as warnings (errors in strict mode), since a recorder restart leaves one;</li>
 *   <li>stream IDs ({@code redis_id}, recorded by the redis source) a source recorded more than once:
 *       the duplicates at-least-once allows after a restart, counted and the first named as a warning
 *       (an error in strict mode).</li>
 * </ul>
 * An unterminated last line in a file still being written ({@code .json.part}) and an archive
 * whose compression never finished are warnings. {@link #sound()} is true when there are no errors.
 */
public final class RecordingVerifier {
    private static final byte[] TIMESTAMP_KEY = LineKeys.bytes(LineKeys.TIMESTAMP);

    private final RecordingIndex index;
    private final ArchiveReader reader;
    private final boolean strict;
    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private long files;
    private long lines;
    private long nonMonotonic;
    /** Late records the writers counted, summed over the archives' entry comments. */
    private long countedLate;
    private long gaps;
    private long duplicateStreamIds;

    public RecordingVerifier(RecordingIndex index, boolean strict) {
        this.index = index;
        this.strict = strict;
        this.reader = new ArchiveReader(ArchiveReader.Options.defaults().withVerifyCrc(true));
    }

    public void run() {
        for (RecordingFile f : index.incompleteArchives()) {
            warnings.add(f.path() + ": archive being written or left by a crash (" + FileStage.ARCHIVING.suffix() + ")");
        }
        for (String source : index.sources()) {
            Map<RecordingFile, Long> perFile = new LinkedHashMap<>();
            StreamIdDuplicates ids = new StreamIdDuplicates();
            CadenceCheck cadence = new CadenceCheck();
            boolean pollSource = true;
            long sourceLines = 0;
            for (RecordingFile f : index.files(source)) {
                if (f.stage() == FileStage.ARCHIVING) {
                    continue; // listed above; its .json copy is gone, so nothing else to check
                }
                FileResult r = checkFile(f, cadence, ids);
                checkColumns(f, r.lines);
                pollSource &= r.allMillis;
                sourceLines += r.lines;
                perFile.put(f, r.lines);
            }
            if (ids.duplicates() > 0) {
                duplicateStreamIds += ids.duplicates();
                (strict ? errors : warnings).add(source + ": " + ids.duplicates() + " records repeat a stream ID "
                        + "(redis_id) of " + ids.distinct() + " distinct (at-least-once redelivery after a restart; "
                        + "the source counts it in nsr_redis_redelivered_total); first repeated: "
                        + String.join(", ", ids.firstRepeated()));
            }
            if (pollSource && sourceLines >= 3) {
                long interval = cadence.medianIntervalNanos();
                for (CadenceCheck.Gap g : cadence.gaps()) {
                    gaps++;
                    String msg = source + ": cadence gap of " + Durations.format(Duration.ofNanos(g.lengthNanos()))
                            + " from " + time(g.afterNanos()) + " to " + time(g.beforeNanos())
                            + " (interval inferred as " + Durations.format(Duration.ofNanos(interval)) + ")";
                    (strict ? errors : warnings).add(msg);
                }
            }
        }
    }

    /** An archive's column sidecar, when it has one, must be sound and hold one flow per record. */
    private void checkColumns(RecordingFile f, long lines) {
        if (!f.isArchive()) {
            return;
        }
        java.nio.file.Path cols = org.nsr.replay.columns.ColumnBuild.sidecarOf(f);
        if (!java.nio.file.Files.isRegularFile(cols)) {
            return;
        }
        try {
            org.nsr.replay.columns.ColumnReader r = org.nsr.replay.columns.ColumnReader.open(cols, java.nio.file.Files.size(f.path()));
            if (r.flows() != lines) {
                errors.add(cols + ": the column sidecar holds " + r.flows() + " flows, its archive " + lines
                        + " records (rebuild it: nsr columns --force DIR)");
            }
        } catch (org.nsr.replay.columns.DamagedColumnsException | IOException e) {
            errors.add(cols + ": the column sidecar is not usable: " + e.getMessage()
                    + " (readers use the archive; rebuild it: nsr columns --force DIR)");
        }
    }

    private static String time(long nanos) {
        return org.nsr.record.EpochNanos.toInstant(nanos).toString();
    }

    private static final class FileResult {
        long lines;
        boolean allMillis = true;
    }

    private FileResult checkFile(RecordingFile f, CadenceCheck cadence, StreamIdDuplicates ids) {
        files++;
        FileResult result = new FileResult();
        FileFacts facts = archiveFacts(f);
        long badUtf8 = 0;
        long badJson = 0;
        long noTimestamp = 0;
        long decreases = 0;
        long prev = Long.MIN_VALUE;
        String firstBad = null;
        String firstBadUtf8 = null;
        try (LineSource src = reader.open(f.path())) {
            while (src.next()) {
                byte[] b = src.array();
                int off = src.offset();
                int len = src.length();
                if (src.currentLineUnterminated() && f.stage() == FileStage.WRITING && !JsonObjectCheck.isOneObject(b, off, off + len)) {
                    warnings.add(f.path() + " line " + src.lineNumber()
                            + ": unterminated last line of a file still being written");
                    continue;
                }
                result.lines++;
                lines++;
                int utf8 = Utf8.firstInvalid(b, off, len);
                if (utf8 >= 0) {
                    badUtf8++;
                    firstBadUtf8 = firstBadUtf8 == null ? "line " + src.lineNumber() + " byte " + (utf8 + 1) : firstBadUtf8;
                    continue;
                }
                if (!JsonObjectCheck.isOneObject(b, off, off + len)) {
                    badJson++;
                    firstBad = firstBad == null ? "line " + src.lineNumber() + " is not a valid JSON object" : firstBad;
                    continue;
                }
                long ts = JsonScan.timestampNanos(b, off, len);
                if (ts == JsonScan.NO_TIMESTAMP) {
                    noTimestamp++;
                    firstBad = firstBad == null ? "line " + src.lineNumber() + " has no numeric timestamp" : firstBad;
                    continue;
                }
                ids.add(b, off, len);
                int v = JsonScan.valueStart(b, off, off + len, TIMESTAMP_KEY);
                boolean millis = JsonScan.valueEnd(b, v, off + len) - v <= 14
                        && TimestampUnits.isMillis(ts / 1_000_000L);
                result.allMillis &= millis;
                if (millis) {
                    cadence.add(ts);
                }
                if (ts < prev) {
                    decreases++;
                } else {
                    prev = ts;
                }
            }
        } catch (DamagedFileException e) {
            errors.add(e.getMessage() + (result.lines > 0 ? " (after " + result.lines + " lines)" : ""));
        } catch (IOException e) {
            errors.add(f.path() + ": cannot be read: " + e);
        }
        if (badUtf8 > 0) {
            errors.add(f.path() + ": " + badUtf8 + " lines not valid UTF-8 (first: " + firstBadUtf8
                    + "); readers skip them");
        }
        if (badJson + noTimestamp > 0) {
            errors.add(f.path() + ": " + badJson + " lines not valid JSON objects, " + noTimestamp
                    + " without a numeric timestamp (first: " + firstBad + ")");
        }
        if (decreases > 0) {
            judgeDecreases(f, facts, decreases);
        }
        return result;
    }

    /**
     * The writer's facts from an archive's entry comment (null for a plain file or an archive without
     * them), after checking that the entry is named after its archive: an entry called {@code ../../x}
     * in {@code X_json.zip} would unzip somewhere else than {@code X.json}.
     */
    private FileFacts archiveFacts(RecordingFile f) {
        ArchiveReader.Entry entry;
        try {
            entry = ArchiveReader.entry(f.path());
        } catch (DamagedFileException e) {
            return null; // the damage itself is reported by the read
        }
        if (entry == null) {
            return null;
        }
        String expected = f.name().entryName();
        if (!expected.equals(entry.name())) {
            errors.add(f.path() + ": its entry is named '" + entry.name() + "'; expected '" + expected
                    + "', the archive's own name");
        }
        FileFacts facts = FileFacts.fromComment(entry.comment());
        if (facts != null) {
            countedLate += facts.lateRecords();
        }
        return facts;
    }

    private void judgeDecreases(RecordingFile f, FileFacts facts, long decreases) {
        if (facts != null && !facts.sortBy().equals(org.nsr.record.SortField.TIMESTAMP.configName())) {
            return; // chunks sorted by bytes, ports, ...: time order is not expected inside a chunk
        }
        if (facts != null && decreases <= facts.lateRecords()) {
            return; // every decrease is a record the writer counted as late and kept
        }
        nonMonotonic += decreases;
        if (facts != null) {
            errors.add(f.path() + ": " + decreases + " records with a timestamp below an earlier record's, but the "
                    + "writer counted only " + facts.lateRecords() + " late records: the file is out of order");
        } else {
            (strict ? errors : warnings).add(f.path() + ": " + decreases + " records with a timestamp below an "
                    + "earlier record's (late records, or disorder; this file does not say how many were late)");
        }
    }

    public boolean sound() {
        return errors.isEmpty();
    }

    public List<String> errors() {
        return errors;
    }

    public List<String> warnings() {
        return warnings;
    }

    public long nonMonotonicRecords() {
        return nonMonotonic;
    }

    /** Late records the writers counted, as their archives' entry comments say. */
    public long lateRecordsCounted() {
        return countedLate;
    }

    public long gaps() {
        return gaps;
    }

    /** Records whose stream ID ({@code redis_id}) an earlier record of the same source had. */
    public long duplicateStreamIds() {
        return duplicateStreamIds;
    }

    public void print(PrintStream out) {
        for (String e : errors) {
            out.println("ERROR " + e);
        }
        for (String w : warnings) {
            out.println("WARN  " + w);
        }
        out.println((sound() ? "sound" : "PROBLEMS FOUND") + ": " + files + " files, " + lines + " lines, "
                + errors.size() + " errors, " + warnings.size() + " warnings, " + nonMonotonic
                + " records out of timestamp order, " + countedLate + " late records the writer counted, " + gaps + " cadence gaps, "
                + duplicateStreamIds + " duplicate stream IDs" + (strict ? " (strict)" : ""));
    }
}
