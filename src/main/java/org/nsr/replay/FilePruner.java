package org.nsr.replay;

import java.io.IOException;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.nsr.archive.ArchiveReader;
import org.nsr.archive.LineSource;
import org.nsr.layout.RecordingManifest;
import org.nsr.record.codec.JsonScan;

/**
 * Decides which files of one source can hold records in a time range, without guessing the zone of
 * the name stamps: reading a stamp in the wrong zone once silently dropped whole files.
 *
 * <p>Two steps. First the names. With a {@link RecordingManifest} that covers every file, a stamp
 * stands for the instants the manifest's zones give it ({@link RecordingManifest#startBounds}),
 * and only {@link #LATE_SLACK_NANOS} is added. Without one (an old recording, the original Python
 * recorder's output, an unreadable manifest) the names are read as if they were UTC, with
 * {@link #NAME_SLACK_NANOS} of slack: no zone offset is further than 14 h from UTC, so a stamp
 * read as UTC is within 14 h of the file's start whatever zone wrote it. Then, inside that window, the records themselves: a file's
 * start is the timestamp of its first record (one line read), found by binary search, so only a
 * handful of files are opened. A file whose first line has no timestamp (damaged, empty, a partial
 * line) is never used to skip anything.
 *
 * <p>Records of one source are in file order apart from late records, so file {@code j} can only
 * hold records before the first record of file {@code j+1} plus {@link #LATE_SLACK_NANOS}. The
 * result is conservative: a file is skipped only when no record in it can be in range.
 */
final class FilePruner {
    /** Late records, rotation jitter: how far a record may be out of file order. */
    static final long LATE_SLACK_NANOS = 3_600_000_000_000L;
    /** Largest zone offset from UTC (14 h): how far a stamp read as UTC can be from the file's start. */
    static final long ZONE_SLACK_NANOS = 14 * 3_600_000_000_000L;
    /** The zone slack plus the late-record slack: the window around a name when there is no manifest. */
    static final long NAME_SLACK_NANOS = ZONE_SLACK_NANOS + LATE_SLACK_NANOS;
    private static final long UNKNOWN = Long.MIN_VALUE;
    private static final long NOT_PROBED = Long.MIN_VALUE + 1;

    private final List<RecordingFile> files;
    private final RecordingManifest manifest;
    private final ArchiveReader probeReader;
    private final long[] firstRecord;
    private int probes;

    /** @param manifest the recording's manifest, or null when it has none */
    FilePruner(List<RecordingFile> files, RecordingManifest manifest) {
        this.files = files;
        this.manifest = manifest;
        // one line per probe: no CRC (the entry is not read to its end) and no read-ahead thread
        this.probeReader = new ArchiveReader(ArchiveReader.Options.defaults().withVerifyCrc(false)
                .withReadAheadBlocks(0));
        this.firstRecord = new long[files.size()];
        Arrays.fill(firstRecord, NOT_PROBED);
    }

    /** The index of the first file that can hold a record at or after {@code fromNanos}. */
    int firstFile(long fromNanos) {
        int lo = 0;
        while (lo + 1 < files.size() && latestStart(lo + 1) + LATE_SLACK_NANOS <= fromNanos) {
            lo++;
        }
        int hi = lo;
        while (hi + 1 < files.size() && earliestStart(hi + 1) - LATE_SLACK_NANOS <= fromNanos) {
            hi++;
        }
        // largest k in (lo, hi] whose first record is well before from: every file before k ends before from
        int best = lo;
        int a = lo + 1;
        int b = hi;
        while (a <= b) {
            int mid = (a + b) >>> 1;
            long first = firstRecordNanos(mid);
            if (first != UNKNOWN && first + LATE_SLACK_NANOS <= fromNanos) {
                best = mid;
                a = mid + 1;
            } else {
                b = mid - 1;
            }
        }
        return best;
    }

    /** The index after the last file that can hold a record before {@code toNanos}, not below {@code first}. */
    int endFile(int first, long toNanos) {
        int end = files.size();
        while (end - 1 > first && earliestStart(end - 1) - LATE_SLACK_NANOS >= toNanos) {
            end--;
        }
        int lo = end;
        while (lo - 1 > first && latestStart(lo - 1) + LATE_SLACK_NANOS >= toNanos) {
            lo--;
        }
        // smallest k in [lo, end) whose first record is well after to: it and every later file start after to
        int best = end;
        int a = Math.max(lo, first + 1);
        int b = end - 1;
        while (a <= b) {
            int mid = (a + b) >>> 1;
            long firstTs = firstRecordNanos(mid);
            if (firstTs != UNKNOWN && firstTs - LATE_SLACK_NANOS >= toNanos) {
                best = mid;
                b = mid - 1;
            } else {
                a = mid + 1;
            }
        }
        return best;
    }

    /** Files opened to read their first record, for tests. */
    int probes() {
        return probes;
    }

    /** The earliest instant file {@code i}'s records (apart from late ones) can start at. */
    private long earliestStart(int i) {
        RecordingManifest.StartBounds b = bounds(i);
        return b != null ? b.earliestNanos() : nameUtcNanos(i) - ZONE_SLACK_NANOS;
    }

    /** The latest instant file {@code i} can start at. */
    private long latestStart(int i) {
        RecordingManifest.StartBounds b = bounds(i);
        return b != null ? b.latestNanos() : nameUtcNanos(i) + ZONE_SLACK_NANOS;
    }

    private RecordingManifest.StartBounds bounds(int i) {
        return manifest == null ? null : manifest.startBounds(files.get(i).name());
    }

    private long nameUtcNanos(int i) {
        return files.get(i).name().localStart().toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L;
    }

    private long firstRecordNanos(int i) {
        if (firstRecord[i] == NOT_PROBED) {
            firstRecord[i] = probe(files.get(i));
        }
        return firstRecord[i];
    }

    private long probe(RecordingFile f) {
        probes++;
        try (LineSource lines = probeReader.open(f.path())) {
            if (!lines.next() || lines.currentLineUnterminated()) {
                return UNKNOWN;
            }
            long ts = JsonScan.timestampNanos(lines.array(), lines.offset(), lines.length());
            return ts == JsonScan.NO_TIMESTAMP ? UNKNOWN : ts;
        } catch (IOException e) {
            // damaged or moved on since listing: reading it later counts and reports that
            return UNKNOWN;
        }
    }
}
