package org.nsr.write;

import org.nsr.layout.FileSync;

import org.nsr.layout.FileFacts;

import org.nsr.layout.FileStage;

import org.nsr.layout.RecordingFileName;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.nsr.record.LineBuffer;

/**
 * One {@code .json.part} file being written. Tracks how many bytes are known to be written, so a
 * failed write (disk full) can be cut back to the last whole line and tried again.
 */
final class OpenFile {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(OpenFile.class);

    final RecordingFileName name;
    final Path part;
    final long slotStart;
    final long slotEnd;
    private FileChannel channel;
    /** Time range of the records in the file: what a loss would be, for the log. */
    long minTimestamp = Long.MAX_VALUE;
    long maxTimestamp = Long.MIN_VALUE;
    private long committed;
    private boolean closed;
    long records;
    long lateRecords;
    /** Records a {@link RecordGate} kept out of this file (a storage class's cutoff). */
    long cutRecords;
    private long lateInSidecar = -1;
    private long cutInSidecar = -1;
    private Path sidecar;
    private final String sortBy;

    private OpenFile(RecordingFileName name, Path part, long slotStart, long slotEnd, FileChannel channel,
            String sortBy) {
        this.name = name;
        this.sortBy = sortBy;
        this.sidecar = FileFacts.sidecarOf(part.getParent(), name);
        this.part = part;
        this.slotStart = slotStart;
        this.slotEnd = slotEnd;
        this.channel = channel;
    }

    void noteTimestamp(long ts) {
        minTimestamp = Math.min(minTimestamp, ts);
        maxTimestamp = Math.max(maxTimestamp, ts);
    }

    static OpenFile create(Path dir, RecordingFileName name, long slotStart, long slotEnd, String sortBy)
            throws IOException {
        Path part = dir.resolve(name.fileName(FileStage.WRITING));
        // READ too: if the directory is deleted under it, the bytes are copied out of the open file.
        FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        OpenFile f = new OpenFile(name, part, slotStart, slotEnd, ch, sortBy);
        try {
            f.updateSidecar();
        } catch (IOException e) {
            f.closeQuietly();
            java.nio.file.Files.deleteIfExists(part);
            throw e;
        }
        return f;
    }

    /** The writer's facts so far; the side file is rewritten only when the late or cutoff count moved. */
    FileFacts facts() {
        return new FileFacts(lateRecords, sortBy, cutRecords);
    }

    private void updateSidecar() throws IOException {
        if (lateInSidecar != lateRecords || cutInSidecar != cutRecords) {
            facts().writeSidecar(sidecar);
            lateInSidecar = lateRecords;
            cutInSidecar = cutRecords;
        }
    }

    /** Writes the whole buffer after the committed bytes; on failure cuts the file back and rethrows. */
    void write(LineBuffer lines) throws IOException {
        write(ByteBuffer.wrap(lines.array(), 0, lines.size()), null);
    }

    /**
     * Writes one line and its newline straight from the record's array (a poll line of many MB is
     * not copied into the buffer first); on failure cuts the file back and rethrows.
     */
    void writeLine(byte[] line, int length) throws IOException {
        write(ByteBuffer.wrap(line, 0, length), ByteBuffer.wrap(NEWLINE));
    }

    private static final byte[] NEWLINE = {'\n'};

    private void write(ByteBuffer bytes, ByteBuffer tail) throws IOException {
        updateSidecar(); // counted before the late records it counts can be on disk
        ByteBuffer[] parts = tail == null ? new ByteBuffer[] {bytes} : new ByteBuffer[] {bytes, tail};
        long total = bytes.remaining() + (tail == null ? 0 : tail.remaining());
        try {
            channel.position(committed);
            long written = 0;
            while (written < total) {
                written += channel.write(parts);
            }
            committed += total;
        } catch (IOException e) {
            try {
                channel.truncate(committed);
            } catch (IOException ignored) {
                // the next attempt rewrites from 'committed' anyway
            }
            throw e;
        }
    }

    /** Forces what is written so far to the disk, through {@code syncer} (a group commit). */
    void sync(org.nsr.sink.Syncer syncer) throws IOException {
        syncer.sync(channel);
    }

    /**
     * The output directory was deleted (and made again): writes this file's bytes so far into a
     * new {@code .json.part} there, from the still-open old one, and goes on with the new one.
     */
    void relocate() throws IOException {
        Path fresh = part; // same name, in the directory made again
        FileChannel next = FileChannel.open(fresh, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        try {
            long copied = 0;
            while (copied < committed) {
                copied += channel.transferTo(copied, committed - copied, next);
            }
            lateInSidecar = -1;
            cutInSidecar = -1;
            sidecar = FileFacts.sidecarOf(part.getParent(), name);
            updateSidecar();
        } catch (IOException e) {
            next.close();
            Files.deleteIfExists(fresh);
            throw e;
        }
        closeQuietly();
        channel = next;
    }

    /** Cuts the file on disk back to the bytes known written (a write interrupted half-way); best effort. */
    void cutBackToCommitted() {
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
            if (ch.size() > committed) {
                ch.truncate(committed);
                ch.force(true);
            }
        } catch (IOException e) {
            // recovery at next start cuts it back to its last complete line instead
        }
    }

    /** The bytes written so far, read back from the open file (also when its name is gone). */
    void copyCommittedTo(java.nio.channels.WritableByteChannel out) throws IOException {
        long copied = 0;
        while (copied < committed) {
            copied += channel.transferTo(copied, committed - copied, out);
        }
    }

    long size() {
        return committed;
    }

    /**
     * Syncs and closes the file, then renames it to its {@code .json} name. Safe to call again
     * after a failure: a step that already succeeded is not repeated, so a rename that failed
     * once (a directory made read-only for a moment) is simply tried again.
     */
    Path publish() throws IOException {
        if (!closed) {
            updateSidecar();
            try (FileChannel side = FileChannel.open(sidecar, StandardOpenOption.WRITE)) {
                side.force(true);
            }
            channel.force(true);
            channel.close();
            closed = true;
        }
        Path json = part.resolveSibling(name.fileName(FileStage.COMPLETE));
        if (!Files.exists(part) && Files.exists(json)) {
            return json; // renamed by an earlier attempt whose directory sync failed
        }
        FileSync.publish(part, json);
        return json;
    }

    void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // leaving the .part for recovery at next start
        }
    }

    /** A deleted output directory is made again (WARN), and the open file's bytes so far moved into it. */
    static void repairDirectory(Path dir, OpenFile current, String source) {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir);
            log.warn("{}: the output directory {} was gone; created it again", source, dir.toAbsolutePath());
            if (current != null && !Files.exists(current.part)) {
                current.relocate();
                log.warn("{}: {} written again from the open file ({} bytes)", source, current.part, current.size());
            }
        } catch (IOException e) {
            log.debug("{}: cannot make {} again: {}", source, dir, e.toString());
        }
    }
}
