package org.nsr.replay;

import java.io.IOException;

/**
 * Where replayed records go. Called from the one replay thread, in replay order; the view's bytes
 * are borrowed and must be copied if kept.
 */
public interface RecordSink extends AutoCloseable {

    /** Delivers one record. An IOException ends the replay (stdout closed, for example). */
    void accept(RecordView record) throws IOException;

    /** Pushes out anything buffered; called at the end and when pacing waits. */
    void flush() throws IOException;

    /** Failures the sink absorbed (counted, not thrown), for the exit code. */
    default long failures() {
        return 0;
    }

    /** A short line for stderr at the end, or null. */
    default String summary() {
        return null;
    }

    @Override
    void close() throws IOException;
}
