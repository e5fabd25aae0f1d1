package org.nsr.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps a second recorder out of an output directory. Two recorders in one directory would each
 * "recover" the other's files while they are being written. The lock is an OS file lock on
 * {@code .nsr.lock}, so it goes away with the process, even after kill -9.
 */
public final class OutputDirLock implements AutoCloseable {
    public static final String FILE_NAME = ".nsr.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private OutputDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock, or returns null when another process holds it.
     *
     * @param holder filled with what the holder wrote into the lock file ("pid 1234"), when locked
     */
    public static OutputDirLock tryAcquire(Path dir, StringBuilder holder) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock = ch.tryLock();
        if (lock == null) {
            holder.append(Files.readString(file, StandardCharsets.UTF_8).trim());
            ch.close();
            return null;
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(false);
        return new OutputDirLock(ch, lock);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
