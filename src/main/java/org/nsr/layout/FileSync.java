package org.nsr.layout;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Durable file-system steps: fsync a directory, publish a file by atomic rename. */
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
        if (Files.exists(to)) {
            throw new FileAlreadyExistsException(to.toString(), from.toString(), "refusing to overwrite a recording");
        }
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
        syncDirectory(to.toAbsolutePath().getParent());
    }
}
