package org.nsr.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.nsr.layout.FileStage;
import org.nsr.layout.SideFile;
import org.nsr.replay.columns.ColumnReader;
import org.nsr.replay.columns.DamagedColumnsException;

/**
 * The rows of an archive whose flow holds a key, read from the archive's column sidecar
 * ({@code .cols}: one flow per record, in file order) instead of the archive: a lookup then reads
 * the archive only up to its last candidate row and parses only those rows, and skips an archive
 * with none (what a fingerprint collision names). The sidecar is trusted to hold every row of its
 * archive (it names the archive's size and carries checksums; the recorder and {@code nsr columns}
 * build it from the archive), and each chosen line is still checked: when one is not a matching
 * record at the sidecar's time, the whole archive is read. Not thread-safe; one per lookup.
 */
final class SidecarRows {
    /** Candidate rows of one archive, ascending; valid until the next {@link #find}. */
    int[] rows = new int[16];
    int count;
    /** The sidecar's time of each candidate row, to check against the line's own. */
    long[] times = new long[16];

    private final IndexKind kind;
    private final byte[] key;
    private final byte[] scratch;
    private final long fromNanos;
    private final long toNanos;
    private int row;
    private boolean hit;

    SidecarRows(IndexKind kind, byte[] key, long fromNanos, long toNanos) {
        this.kind = kind;
        this.key = key;
        this.scratch = new byte[kind.width()];
        this.fromNanos = fromNanos;
        this.toNanos = toNanos;
    }

    /**
     * Finds the candidate rows of an archived file; false when it has no usable sidecar (not
     * archived, none built, damaged or of another archive), and the caller reads the archive.
     */
    boolean find(RecordingFiles.File f) throws IOException {
        if (f.stage() != FileStage.ARCHIVED) {
            return false;
        }
        Path sidecar = SideFile.COLUMNS.in(f.path().toAbsolutePath().getParent(), f.fileName());
        if (!Files.isRegularFile(sidecar)) {
            return false;
        }
        count = 0;
        row = 0;
        try {
            ColumnReader r = ColumnReader.open(sidecar, Files.size(f.path()));
            r.forEach((time, srcIp, dstIp, srcPort, dstPort, protocol, packets, bytes) -> {
                if (time >= fromNanos && time <= toNanos) {
                    hit = false;
                    kind.keys(protocol, srcIp, srcPort, dstIp, dstPort, scratch, k -> hit |= Arrays.equals(k, key));
                    if (hit) {
                        add(row, time);
                    }
                }
                row++;
            });
        } catch (DamagedColumnsException | java.nio.file.NoSuchFileException e) {
            return false; // the archive is read instead
        }
        return true;
    }

    private void add(int r, long time) {
        if (count == rows.length) {
            rows = Arrays.copyOf(rows, count * 2);
            times = Arrays.copyOf(times, count * 2);
        }
        rows[count] = r;
        times[count++] = time;
    }
}
