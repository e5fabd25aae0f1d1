package org.nsr.write;

import java.nio.file.Path;

/**
 * Told about each file a writer has closed, synced and published as {@code .json}. This is the
 * hand-off to the compression stage (Chronicle's "file released" callback).
 */
@FunctionalInterface
public interface CompletedFileListener {

    /** Called on the writer's thread; may block to apply back-pressure when compression lags. */
    void fileCompleted(Path json, RecordingFileName name) throws InterruptedException;
}
