package org.nsr.write;

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
    final RecordingFileName name;
    final Path part;
    final long slotStart;
    final long slotEnd;
    private final FileChannel channel;
    private long committed;
    private boolean closed;
    long records;
    long lateRecords;

    private OpenFile(RecordingFileName name, Path part, long slotStart, long slotEnd, FileChannel channel) {
        this.name = name;
        this.part = part;
        this.slotStart = slotStart;
        this.slotEnd = slotEnd;
        this.channel = channel;
    }

    static OpenFile create(Path dir, RecordingFileName name, long slotStart, long slotEnd) throws IOException {
        Path part = dir.resolve(name.fileName(FileStage.WRITING));
        FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new OpenFile(name, part, slotStart, slotEnd, ch);
    }

    /** Writes the whole buffer after the committed bytes; on failure cuts the file back and rethrows. */
    void write(LineBuffer lines) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(lines.array(), 0, lines.size());
        try {
            channel.position(committed);
            while (bb.hasRemaining()) {
                channel.write(bb);
            }
            committed += lines.size();
        } catch (IOException e) {
            try {
                channel.truncate(committed);
            } catch (IOException ignored) {
                // the next attempt rewrites from 'committed' anyway
            }
            throw e;
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
}
