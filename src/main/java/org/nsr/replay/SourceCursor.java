package org.nsr.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.nsr.archive.ArchiveReader;
import org.nsr.archive.DamagedFileException;
import org.nsr.archive.LineSource;
import org.nsr.layout.FileStage;
import org.nsr.layout.RecordingManifest;
import org.nsr.record.codec.JsonScan;
import org.nsr.record.codec.Utf8;

/**
 * Reads one source's records in file order, holding at most one file open. Files of one source are
 * consecutive in time, so file order is time order (apart from records the writer counted late).
 *
 * <p>Files that cannot hold records in the range are not opened ({@link FilePruner}: decided by the
 * records' own timestamps and the manifest's zones, never by a guessed zone); every record read is still
 * filtered by its own timestamp.
 *
 * <p>With a {@link Reordering} window, records are held in a {@link ReorderBuffer} and come out in
 * timestamp order as long as no record is later than the window; a record later than that still
 * comes out, counted and logged.
 *
 * <p>A damaged file is counted, logged and skipped; reading goes on with the next file. A line
 * without a usable timestamp, or that is not valid UTF-8 ({@link Utf8}, the rule verify applies too), is
 * counted and skipped. Not thread-safe.
 */
final class SourceCursor implements RecordView, AutoCloseable {
    private final String source;
    private final List<RecordingFile> files;
    private final TimeRange range;
    private final ArchiveReader reader;
    private final ReadStats stats;
    private int nextFile;
    private final int endFile;
    private RecordingFile file;
    private LineSource lines;
    private long badInFile;
    private long timestamp;
    private final int order;
    /** Records read but not yet added to the shared counter (added per file, not per record). */
    private long unreported;
    /** Null when reordering is off: the view is then the reader's current line. */
    private final ReorderBuffer buffer;
    private ReorderBuffer.Held released;
    private boolean exhausted;
    private long lastReleased = Long.MIN_VALUE;

    /** @param manifest the recording's manifest, or null: lets the pruner read name stamps in their zones */
    SourceCursor(String source, int order, List<RecordingFile> files, RecordingManifest manifest,
            ReadSelection selection, ArchiveReader reader, ReadStats stats, Reordering reordering) {
        this.buffer = reordering.enabled() ? new ReorderBuffer(reordering) : null;
        this.source = source;
        this.order = order;
        this.files = files;
        this.range = selection.range();
        this.reader = reader;
        this.stats = stats;
        FilePruner pruner = new FilePruner(files, manifest);
        int first = range.hasFrom() ? pruner.firstFile(range.fromNanos()) : 0;
        int end = range.hasTo() ? pruner.endFile(first, range.toNanos()) : files.size();
        this.nextFile = first;
        this.endFile = end;
    }

    /** Files this cursor will open (after pruning). */
    List<RecordingFile> filesToRead() {
        return files.subList(nextFile, Math.max(nextFile, endFile));
    }

    /** Tie-breaker between sources with equal timestamps: the source's position by name. */
    int order() {
        return order;
    }

    /**
     * Moves to the next record in range: with reordering, the earliest held record once it is due.
     *
     * @return false when the source has no more records
     */
    boolean advance() {
        if (buffer == null) {
            return readNext();
        }
        while (true) {
            if (!buffer.isEmpty() && (exhausted || buffer.earliestIsDue() || buffer.overLimit())) {
                if (!exhausted && !buffer.earliestIsDue()) {
                    stats.reorderOverflow(source);
                }
                released = buffer.poll();
                if (released.timestampNanos() < lastReleased) {
                    stats.lateAfterReordering(released.file(), released.timestampNanos(), lastReleased);
                }
                lastReleased = Math.max(lastReleased, released.timestampNanos());
                return true;
            }
            if (exhausted) {
                released = null;
                return false;
            }
            if (!readNext()) {
                exhausted = true;
                continue;
            }
            if (buffer.add(timestamp, lines.array(), lines.offset(), lines.length(), file)) {
                stats.reordered();
            }
        }
    }

    /** Reads the next record in range from the files, in file order. */
    private boolean readNext() {
        while (true) {
            if (lines == null && !openNext()) {
                return false;
            }
            try {
                if (!lines.next()) {
                    closeCurrent();
                    continue;
                }
            } catch (DamagedFileException e) {
                stats.damaged(file, e, lines.lineNumber());
                closeCurrent();
                continue;
            } catch (IOException e) {
                stats.damaged(file, new DamagedFileException(file.path(), DamagedFileException.Kind.UNREADABLE,
                        e.toString(), e), lines.lineNumber());
                closeCurrent();
                continue;
            }
            byte[] b = lines.array();
            int off = lines.offset();
            int len = lines.length();
            if (lines.currentLineUnterminated() && !completeObject(b, off, len)) {
                if (file.stage() == FileStage.WRITING) {
                    stats.partialLine(file, lines.lineNumber());
                } else {
                    stats.badLine(file, lines.lineNumber(), ++badInFile, "truncated last line");
                }
                continue;
            }
            int badByte = Utf8.firstInvalid(b, off, len);
            if (badByte >= 0) {
                stats.invalidUtf8(file, lines.lineNumber(), badByte, ++badInFile);
                continue;
            }
            long ts = JsonScan.timestampNanos(b, off, len);
            if (ts == JsonScan.NO_TIMESTAMP) {
                if (len == 0) {
                    stats.badLine(file, lines.lineNumber(), ++badInFile, "empty line");
                } else {
                    stats.badLine(file, lines.lineNumber(), ++badInFile,
                            "not a JSON object with a top-level numeric \"timestamp\"");
                }
                continue;
            }
            if (!range.contains(ts)) {
                continue;
            }
            timestamp = ts;
            unreported++;
            return true;
        }
    }

    private static boolean completeObject(byte[] b, int off, int len) {
        int end = off + len;
        int s = JsonScan.skipWs(b, off, end);
        int e = JsonScan.valueEnd(b, s, end);
        return e > 0 && JsonScan.skipWs(b, e, end) == end && b[s] == '{';
    }

    private boolean openNext() {
        while (nextFile < endFile) {
            file = files.get(nextFile++);
            badInFile = 0;
            try {
                lines = openFollowingStages(file);
                stats.fileOpened();
                return true;
            } catch (DamagedFileException e) {
                stats.damaged(file, e, 0);
            }
        }
        file = null;
        return false;
    }

    /**
     * Opens the file, or, when a live recorder has moved it on since the directory was listed
     * ({@code .json.part} published as {@code .json}, {@code .json} replaced by its archive), the
     * same stamp in a later stage.
     */
    private LineSource openFollowingStages(RecordingFile f) throws DamagedFileException {
        try {
            return reader.open(f.path());
        } catch (DamagedFileException e) {
            if (e.kind() != DamagedFileException.Kind.UNREADABLE || !(e.getCause() instanceof NoSuchFileException)) {
                throw e;
            }
            for (FileStage later : laterStages(f.stage())) {
                Path moved = f.path().resolveSibling(f.name().fileName(later));
                if (Files.exists(moved)) {
                    file = new RecordingFile(moved, f.name(), later, -1);
                    return reader.open(moved);
                }
            }
            throw e;
        }
    }

    private static List<FileStage> laterStages(FileStage stage) {
        return switch (stage) {
            case WRITING -> List.of(FileStage.COMPLETE, FileStage.ARCHIVED);
            case COMPLETE -> List.of(FileStage.ARCHIVED);
            default -> List.of();
        };
    }

    private void closeCurrent() {
        stats.recordsRead(unreported);
        unreported = 0;
        try {
            lines.close();
        } catch (IOException ignored) {
            // reading is over for this file; a close failure loses nothing
        }
        lines = null;
    }

    @Override
    public void close() {
        if (lines != null) {
            closeCurrent();
        }
        stats.recordsRead(unreported);
        unreported = 0;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public long timestampNanos() {
        return buffer == null ? timestamp : released.timestampNanos();
    }

    @Override
    public byte[] array() {
        return buffer == null ? lines.array() : released.line();
    }

    @Override
    public int offset() {
        return buffer == null ? lines.offset() : 0;
    }

    @Override
    public int length() {
        return buffer == null ? lines.length() : released.line().length;
    }

    @Override
    public RecordingFile file() {
        return buffer == null ? file : released.file();
    }
}
