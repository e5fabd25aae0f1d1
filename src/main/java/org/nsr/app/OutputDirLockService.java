package org.nsr.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nsr.config.ConfigException;
import org.nsr.lifecycle.AbstractService;

/**
 * Holds the output directory's {@link OutputDirLock} while the recorder runs: the first service
 * to start and the last to stop. A user's problem with the directory (cannot create it, another
 * recorder holds it) fails the start with a {@link ConfigException}, so the command exits 2.
 */
final class OutputDirLockService extends AbstractService {
    private final Path dir;
    private OutputDirLock lock;

    OutputDirLockService(Path dir) {
        super("output-dir lock");
        this.dir = dir;
    }

    @Override
    protected void doStart() throws ConfigException {
        StringBuilder holder = new StringBuilder();
        try {
            Files.createDirectories(dir);
            lock = OutputDirLock.tryAcquire(dir, holder);
        } catch (IOException e) {
            throw new ConfigException("Recorder.data.output_dir: '" + dir + "' cannot be used: " + e
                    + "; expected a directory this user can create and write");
        }
        if (lock == null) {
            throw new ConfigException("Recorder.data.output_dir: '" + dir + "' is in use by another recorder ("
                    + holder + "); expected a directory no other 'nsr record' writes to");
        }
        notifyStarted();
    }

    @Override
    protected void doStop() throws IOException {
        if (lock != null) {
            lock.close();
        }
        notifyStopped();
    }
}
