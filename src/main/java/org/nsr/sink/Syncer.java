package org.nsr.sink;

import java.io.IOException;
import java.nio.channels.FileChannel;

/** Forces a file's written bytes to the disk; a seam so tests can count fsyncs. */
@FunctionalInterface
public interface Syncer {
    /** {@code FileChannel.force(false)}: the data, and the metadata needed to read it back. */
    Syncer FORCE = ch -> ch.force(false);

    void sync(FileChannel channel) throws IOException;
}
