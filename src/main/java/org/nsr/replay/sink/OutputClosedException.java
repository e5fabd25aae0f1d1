package org.nsr.replay.sink;

import java.io.IOException;

/**
 * The reader of the output went away (stdout piped into {@code head}, a closed pipe): not a failure
 * of the replay, just the end of it.
 */
public final class OutputClosedException extends IOException {
    public OutputClosedException() {
        super("the output stream was closed");
    }
}
