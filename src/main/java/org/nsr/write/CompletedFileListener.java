package org.nsr.write;

import org.nsr.layout.FileFacts;

import org.nsr.layout.RecordingFileName;

import java.nio.file.Path;

/**
 * Told about each file a writer has closed, synced and published as {@code .json}. This is the
 * hand-off to the compression stage (Chronicle's "file released" callback).
 */
@FunctionalInterface
public interface CompletedFileListener {

    /**
     * Called on the writer's thread; may block to apply back-pressure when compression lags.
     *
     * @param facts what the writer knows about the file, kept in the archive (the entry comment)
     *     so that {@code nsr verify} can tell counted late records from disorder; null when
     *     nothing is known (a file recovered after a crash)
     */
    void fileCompleted(Path json, RecordingFileName name, FileFacts facts) throws InterruptedException;
}
