package org.nsr.layout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Durable file-system steps: fsync a directory, publish a file by atomic rename, replace a small file atomically. */
public final class FileSync {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FileSync.class);

    private FileSync() {
    }

    /** Makes a rename or delete in {@code dir} durable. */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open directories for sync; the rename itself still happened.
            if (!Files.isDirectory(dir)) {
                throw e;
            }
            log.debug("cannot sync directory {}: {}", dir, e.toString());
        }
    }

    /**
     * Renames {@code from} to {@code to} atomically and syncs the directory. Never replaces: a
     * recording file that already exists under the target name is an error, not something to
     * overwrite (rename(2) would replace it silently, so the check comes first).
     */
    public static void publish(Path from, Path to) throws IOException {
        rename(from, to);
        syncDirectory(to.toAbsolutePath().getParent());
    }

    /** The rename half of {@link #publish}, for callers that sync the directory as a separate step. */
    public static void rename(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            throw new FileAlreadyExistsException(to.toString(), from.toString(), "refusing to overwrite a recording");
        }
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /**
     * Replaces {@code target} with {@code content} so that a crash leaves either the old file or the
     * new one, never a mix: write a temporary file beside it, fsync it, rename it over the target,
     * fsync the directory. Used for small metadata files, never for recording files.
     */
    public static void writeAtomically(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = dir.resolve(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(dir);
    }
}
