package org.nsr.replay.info;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nsr.archive.ArchiveReader;
import org.nsr.archive.DamagedFileException;
import org.nsr.archive.LineSource;
import org.nsr.layout.FileStage;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.JsonScan;
import org.nsr.record.codec.LineKind;
import org.nsr.record.codec.LineKinds;
import org.nsr.record.codec.TimestampUnits;
import org.nsr.record.codec.Utf8;
import org.nsr.replay.RecordingFile;
import org.nsr.replay.RecordingIndex;
import org.nsr.replay.verify.CadenceCheck;

/**
 * What {@code nsr info} reports about a recording, the way {@code nfdump -I} summarises its files:
 * per source the files by stage, records, line kinds, time span, bytes raw and zipped, and cadence
 * gaps of poll sources. Reads every line once; a damaged file is counted and reading goes on.
 * Not thread-safe: built and read by one thread.
 */
public final class RecordingSummary {
    private static final byte[] TIMESTAMP = JsonScan.key("timestamp");

    private final LineKinds kinds;
    private final Flow scratch = new Flow();

    /** The figures of one source. */
    public static final class SourceFigures {
        final String name;
        final Map<FileStage, Integer> filesByStage = new TreeMap<>();
        final Map<String, Long> kinds = new TreeMap<>();
        long records;
        long rawBytes;
        long zippedBytes;
        long firstNanos = Long.MAX_VALUE;
        long lastNanos = Long.MIN_VALUE;
        long gaps;
        long medianIntervalNanos = -1;
        boolean pollSource = true;

        SourceFigures(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public Map<FileStage, Integer> filesByStage() {
            return filesByStage;
        }

        public int files() {
            return filesByStage.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** Lines by kind name ({@link LineKind#name()}, or other). */
        public Map<String, Long> kinds() {
            return kinds;
        }

        public long records() {
            return records;
        }

        public long rawBytes() {
            return rawBytes;
        }

        public long zippedBytes() {
            return zippedBytes;
        }

        /** Epoch nanoseconds of the earliest record, or Long.MAX_VALUE when none has a timestamp. */
        public long firstNanos() {
            return firstNanos;
        }

        public long lastNanos() {
            return lastNanos;
        }

        /** Spacings above twice the median, for sources with millisecond (poll) timestamps; else 0. */
        public long gaps() {
            return gaps;
        }

        public long medianIntervalNanos() {
            return medianIntervalNanos;
        }
    }

    private final List<SourceFigures> sources = new ArrayList<>();
    private final List<String> damaged = new ArrayList<>();

    private RecordingSummary(LineKinds kinds) {
        this.kinds = kinds;
    }

    /** Reads every file of the index once, telling line kinds apart with {@code kinds}. */
    public static RecordingSummary of(RecordingIndex index, LineKinds kinds) {
        RecordingSummary summary = new RecordingSummary(kinds);
        ArchiveReader reader = new ArchiveReader(ArchiveReader.Options.defaults().withVerifyCrc(true));
        for (String source : index.sources()) {
            summary.sources.add(summary.read(source, index.files(source), reader));
        }
        return summary;
    }

    private SourceFigures read(String source, List<RecordingFile> files, ArchiveReader reader) {
        SourceFigures s = new SourceFigures(source);
        CadenceCheck cadence = new CadenceCheck();
        for (RecordingFile f : files) {
            s.filesByStage.merge(f.stage(), 1, Integer::sum);
            if (f.isArchive()) {
                s.zippedBytes += f.sizeBytes();
            }
            if (f.stage() == FileStage.ARCHIVING) {
                continue; // half-written archive: its .json is still there and is read instead
            }
            readFile(f, reader, s, cadence);
        }
        if (s.pollSource && s.records >= 3) {
            s.medianIntervalNanos = cadence.medianIntervalNanos();
            s.gaps = cadence.gaps().size();
        }
        return s;
    }

    private void readFile(RecordingFile f, ArchiveReader reader, SourceFigures s, CadenceCheck cadence) {
        long invalid = 0;
        long firstInvalid = 0;
        try (LineSource src = reader.open(f.path())) {
            while (src.next()) {
                byte[] b = src.array();
                int off = src.offset();
                int len = src.length();
                if (!Utf8.isValid(b, off, len)) {
                    // The readers' one rule: a line that is not UTF-8 is counted and skipped.
                    firstInvalid = invalid++ == 0 ? src.lineNumber() : firstInvalid;
                    continue;
                }
                s.records++;
                s.rawBytes += len + 1;
                s.kinds.merge(kind(b, off, len), 1L, Long::sum);
                long ts = JsonScan.timestampNanos(b, off, len);
                if (ts == JsonScan.NO_TIMESTAMP) {
                    continue;
                }
                s.firstNanos = Math.min(s.firstNanos, ts);
                s.lastNanos = Math.max(s.lastNanos, ts);
                int v = JsonScan.valueStart(b, off, off + len, TIMESTAMP);
                boolean millis = JsonScan.valueEnd(b, v, off + len) - v <= 14 && TimestampUnits.isMillis(ts / 1_000_000L);
                s.pollSource &= millis;
                if (millis) {
                    cadence.add(ts);
                }
            }
            if (invalid > 0) {
                damaged.add(f.path() + ": " + invalid + " lines not valid UTF-8, skipped (first: line " + firstInvalid + ")");
            }
        } catch (DamagedFileException e) {
            damaged.add(e.getMessage());
        } catch (IOException e) {
            damaged.add(f.path() + ": cannot be read: " + e.getMessage());
        }
    }

    private String kind(byte[] b, int off, int len) {
        for (LineKind k : kinds.all()) {
            if (k.matches(b, off, off + len, scratch)) {
                return k.name();
            }
        }
        return LineKinds.OTHER.name();
    }

    public List<SourceFigures> sources() {
        return List.copyOf(sources);
    }

    /** One message per file that could not be read to its end. */
    public List<String> damaged() {
        return List.copyOf(damaged);
    }
}
