package org.nsr.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.nsr.lifecycle.AbstractService;
import org.nsr.write.Rescue;

/**
 * At start, before recovery: moves the files rescued at an earlier stop that could not write
 * back into the output directory, where recovery publishes and archives them.
 */
final class RescueTakeBack extends AbstractService {
    private final List<Path> dirs;
    private final Path outputDir;

    RescueTakeBack(List<Path> dirs, Path outputDir) {
        super("rescue take-back");
        this.dirs = dirs;
        this.outputDir = outputDir;
    }

    @Override
    protected void doStart() throws IOException {
        Files.createDirectories(outputDir);
        Rescue.takeBack(dirs, outputDir);
        notifyStarted();
    }

    @Override
    protected void doStop() {
        notifyStopped();
    }
}
