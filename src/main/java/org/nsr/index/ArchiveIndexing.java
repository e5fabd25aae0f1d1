package org.nsr.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.nsr.archive.ArchiveReader;
import org.nsr.archive.LineSource;
import org.nsr.layout.FileStage;
import org.nsr.layout.RecordingFileName;
import org.nsr.layout.SideFile;
import org.nsr.replay.columns.ColumnReader;
import org.nsr.replay.columns.DamagedColumnsException;
import org.nsr.record.codec.JsonScan;

/**
 * Indexes one recording file from the file itself (an archive or a complete {@code .json}): the
 * catch-up path of the live index, start-up re-indexing and {@code nsr index}. Not thread-safe.
 */
final class ArchiveIndexing {
    private final ArchiveReader reader = new ArchiveReader(ArchiveReader.Options.defaults().withReadAheadBlocks(0));
    private final FileKeys keys;
    private final ColumnReader.Buffers columnBuffers = new ColumnReader.Buffers(); // reused from file to file
    private long lines;
    private long noTimestamp;
    private long sidecars;

    ArchiveIndexing(List<IndexKind> kinds, long timeoutNanos, MemoryBudget budget, Path spillDir) {
        this.keys = new FileKeys(kinds, timeoutNanos, budget, spillDir);
    }

    /**
     * The tables of the file, one per kind (in the order of the kinds given): on the heap, or
     * files in the spill directory when they did not fit the budget.
     */
    IndexFile[] index(Path file, String name) throws IOException {
        return index(file, name, () -> false);
    }

    /**
     * The entries of the file, one per kind: as primitive rows where they fit (what {@code nsr
     * index} merges straight into level-0 files), else tables as {@link #index(Path, String)}.
     */
    FileKeys.Sealed entries(Path file, String name) throws IOException {
        if (!read(file, () -> false)) {
            throw new IllegalStateException("not given up");
        }
        return keys.sealEntries(name);
    }

    /** As {@link #index(Path, String)}, or null when {@code giveUp} said so (checked every 64 Ki lines). */
    IndexFile[] index(Path file, String name, BooleanSupplier giveUp) throws IOException {
        return read(file, giveUp) ? keys.seal(name) : null;
    }

    /** Feeds the file's flows to the builders; false when {@code giveUp} said so. */
    private boolean read(Path file, BooleanSupplier giveUp) throws IOException {
        keys.reset();
        if (fromSidecar(file)) {
            return true;
        }
        long seen = 0;
        try (LineSource in = reader.open(file)) {
            while (in.next()) {
                if ((++seen & 0xFFFF) == 0 && giveUp.getAsBoolean()) {
                    keys.reset();
                    return false;
                }
                if (in.currentLineUnterminated()) {
                    break; // the end of a file cut by a crash: the reader of the file ignores it too
                }
                lines++;
                long ts = JsonScan.timestampNanos(in.array(), in.offset(), in.length());
                if (ts == JsonScan.NO_TIMESTAMP) {
                    noTimestamp++;
                    continue;
                }
                keys.line(in.array(), in.offset(), in.length(), ts);
            }
        } catch (IOException e) {
            keys.reset();
            throw e;
        } catch (UncheckedIOException e) {
            keys.reset();
            throw e.getCause();
        }
        return true;
    }

    /**
     * Keys an archive from its column sidecar when it has a sound one (the same flows as its lines,
     * without inflating and parsing them); false when it has none, and the archive is read.
     */
    private boolean fromSidecar(Path file) throws IOException {
        RecordingFileName.ParsedName parsed = RecordingFileName.parse(file.getFileName().toString());
        if (parsed == null || parsed.stage() != FileStage.ARCHIVED) {
            return false;
        }
        Path sidecar = SideFile.COLUMNS.in(file.toAbsolutePath().getParent(), parsed.name());
        if (!Files.isRegularFile(sidecar)) {
            return false;
        }
        try {
            ColumnReader r = ColumnReader.open(sidecar, Files.size(file), columnBuffers);
            r.forEach((time, srcIp, dstIp, srcPort, dstPort, protocol, packets, bytes) ->
                    keys.flow(time, protocol, srcIp, srcPort, dstIp, dstPort));
            sidecars++;
            return true;
        } catch (DamagedColumnsException | java.nio.file.NoSuchFileException e) {
            keys.reset();
            return false;
        } catch (UncheckedIOException e) {
            keys.reset();
            throw e.getCause();
        }
    }

    /** Files keyed from their column sidecar. */
    long sidecars() {
        return sidecars;
    }

    long flows() {
        return keys.flows();
    }

    long lines() {
        return lines;
    }
}
