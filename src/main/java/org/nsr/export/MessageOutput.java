package org.nsr.export;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where an encoder's messages go: a file or a UDP collector. Each call takes one whole message
 * (one datagram for UDP), from position to limit. One caller thread.
 */
public interface MessageOutput extends Closeable {
    void send(ByteBuffer message) throws IOException;

    /** Messages that could not be delivered (counted, not thrown), for the exit code. */
    default long failures() {
        return 0;
    }

    /** A short line for stderr at the end. */
    String summary();
}
