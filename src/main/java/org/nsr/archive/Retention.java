package org.nsr.archive;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.nsr.layout.FileStage;
import org.nsr.layout.RecordingFileName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes old archives from the output directory, like nfdump's nfexpire: by age, by total size,
 * or both.
 *
 * <p>What it touches: only final archives, {@code <stamp>_<source>_json.zip} regular files directly
 * in the directory. Files being written ({@code .json.part}), complete but not yet compressed
 * ({@code .json}) or being compressed ({@code _json.zip.part}) are never deleted and never
 * counted; neither is anything whose name is not a recording name.
 *
 * <p>Rules, where "oldest" is the order of the archives' file start (the stamp in the name, then the
 * source name):
 * <ul>
 *   <li>max age: an archive whose last-modified time (when compression finished, about the end of
 *       its recording window) is older than {@code now - maxAge} is deleted;</li>
 *   <li>max total size: while the archives together (sizes of the {@code _json.zip} files only)
 *       exceed {@code maxTotalBytes}, the oldest remaining one is deleted (expired ones are taken
 *       out first, so nothing is deleted for size that the age rule removes anyway).</li>
 * </ul>
 * After {@link #apply} both limits hold, unless a deletion failed (logged at ERROR, counted in
 * {@code nsr_retention_failures_total}, retried at the next apply).
 *
 * <p>Each deletion is logged at INFO with the path, size and reason, and counted in
 * {@code nsr_retention_deleted_files_total} and {@code nsr_retention_deleted_bytes_total}. The
 * gauges {@code nsr_retention_archives} and {@code nsr_retention_archive_bytes} show what is kept.
 *
 * <p>Thread-safe: {@link #apply} is serialized, so writers of several sources can call it at each
 * rotation. Cost: one directory listing and one stat per recording file.
 */
public final class Retention {
    static final String FAILURES = "nsr_retention_failures_total";
    static final String FAILURES_HELP = "Archives retention failed to delete, and retention checks that failed"
            + " (both retried at the next check)";
    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final Duration maxAge;
    private final long maxTotalBytes;
    private final Clock clock;
    private final Counter deletedFiles;
    private final Counter deletedBytes;
    private final Counter failures;
    private final AtomicLong keptFiles = new AtomicLong();
    private final AtomicLong keptBytes = new AtomicLong();
    /** The archives these limits apply to: all, or one storage class's ({@code classes:}). */
    private final java.util.function.Predicate<RecordingFileName> scope;

    /**
     * @param maxAgeOrNull           delete archives older than this; null for no age limit; else positive
     * @param maxTotalBytesOrMinus1  keep the archives' total size at or under this; -1 for no size limit
     */
    public Retention(Duration maxAgeOrNull, long maxTotalBytesOrMinus1, Clock clock, Metrics metrics) {
        this(maxAgeOrNull, maxTotalBytesOrMinus1, clock, metrics, name -> true, null);
    }

    /**
     * Limits that apply only to the archives {@code scope} accepts, each storage class's files having
     * their own: the total size is the size of those archives only.
     *
     * @param scopeLabel the class the kept-archive gauges carry as {@code class=}; null for all archives
     */
    public Retention(Duration maxAgeOrNull, long maxTotalBytesOrMinus1, Clock clock, Metrics metrics,
            java.util.function.Predicate<RecordingFileName> scope, String scopeLabel) {
        this.scope = scope;
        if (maxAgeOrNull != null && (maxAgeOrNull.isZero() || maxAgeOrNull.isNegative())) {
            throw new IllegalArgumentException("retention max age must be positive, got " + maxAgeOrNull);
        }
        if (maxTotalBytesOrMinus1 < -1) {
            throw new IllegalArgumentException(
                    "retention max total size must be -1 (no limit) or a byte count, got " + maxTotalBytesOrMinus1);
        }
        this.maxAge = maxAgeOrNull;
        this.maxTotalBytes = maxTotalBytesOrMinus1;
        this.clock = clock;
        this.deletedFiles = metrics.counter("nsr_retention_deleted_files_total", "Archives deleted by retention");
        this.deletedBytes = metrics.counter("nsr_retention_deleted_bytes_total",
                "Bytes of archives deleted by retention");
        this.failures = metrics.counter(FAILURES, FAILURES_HELP);
        String[] labels = scopeLabel == null ? new String[0] : new String[] {"class", scopeLabel};
        metrics.gauge("nsr_retention_archives", "Archives kept after the last retention check", keptFiles::get,
                labels);
        metrics.gauge("nsr_retention_archive_bytes", "Total size of the archives kept after the last retention check",
                keptBytes::get, labels);
    }

    /** True when neither limit is set: {@link #apply} then deletes nothing. */
    public boolean isNoOp() {
        return maxAge == null && maxTotalBytes < 0;
    }

    /**
     * Applies both limits to the archives directly in {@code dir}.
     *
     * @return the archives deleted, oldest first
     * @throws IOException when the directory cannot be listed
     */
    public synchronized List<Path> apply(Path dir) throws IOException {
        List<Archive> archives = listArchives(dir);
        archives.removeIf(a -> !scope.test(a.name));
        long total = 0;
        for (Archive a : archives) {
            total += a.size;
        }
        // Decide first, then delete: expired archives anywhere in the list count as gone before the
        // size limit picks the oldest survivors, so nothing is deleted that the age rule already covers.
        Instant cutoff = maxAge == null ? null : clock.instant().minus(maxAge);
        String[] reasons = new String[archives.size()];
        long remaining = total;
        for (int i = 0; i < archives.size(); i++) {
            Archive a = archives.get(i);
            if (cutoff != null && a.modified.isBefore(cutoff)) {
                reasons[i] = "last modified " + a.modified + ", older than max_age " + maxAge;
                remaining -= a.size;
            }
        }
        for (int i = 0; i < archives.size() && maxTotalBytes >= 0 && remaining > maxTotalBytes; i++) {
            if (reasons[i] == null) {
                reasons[i] = "archives total " + remaining + " bytes, over max_total_size " + maxTotalBytes;
                remaining -= archives.get(i).size;
            }
        }
        List<Path> deleted = new ArrayList<>();
        for (int i = 0; i < archives.size(); i++) {
            Archive a = archives.get(i);
            if (reasons[i] != null && delete(a, reasons[i])) {
                total -= a.size;
                deleted.add(a.path);
            }
        }
        keptFiles.set(archives.size() - deleted.size());
        keptBytes.set(total);
        return deleted;
    }

    private boolean delete(Archive a, String reason) {
        try {
            // A vanished archive (removed by hand) is already gone: nothing to count, nothing to fail.
            if (!Files.deleteIfExists(a.path)) {
                return false;
            }
        } catch (IOException e) {
            failures.increment();
            log.error("retention could not delete {}: {}", a.path, e.toString());
            return false;
        }
        deletedFiles.increment();
        deletedBytes.add(a.size);
        log.info("retention deleted {} ({} bytes; {})", a.path, a.size, reason);
        deleteColumns(a.path);
        return true;
    }

    /** The archive's column sidecar is part of it: it goes with the archive. */
    private void deleteColumns(Path archive) {
        RecordingFileName.ParsedName parsed = RecordingFileName.parse(archive.getFileName().toString());
        if (parsed == null) {
            return;
        }
        Path cols = org.nsr.layout.SideFile.COLUMNS.in(archive.toAbsolutePath().getParent(), parsed.name());
        try {
            Files.deleteIfExists(cols);
        } catch (IOException e) {
            failures.increment();
            log.error("retention could not delete the column sidecar {} of {}: {}", cols, archive, e.toString());
        }
    }

    private static List<Archive> listArchives(Path dir) throws IOException {
        List<Archive> archives = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + FileStage.ARCHIVED.suffix())) {
            for (Path p : files) {
                RecordingFileName.ParsedName parsed = RecordingFileName.parse(p.getFileName().toString());
                if (parsed == null || parsed.stage() != FileStage.ARCHIVED) {
                    continue;
                }
                BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    continue; // deleted between listing and stat
                }
                if (attrs.isRegularFile()) {
                    archives.add(new Archive(p, parsed.name(), attrs.size(), attrs.lastModifiedTime().toInstant()));
                }
            }
        }
        archives.sort(Comparator.comparing(a -> a.name));
        return archives;
    }

    private record Archive(Path path, RecordingFileName name, long size, Instant modified) {
    }
}
