package org.nsr.console;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * What a console front end sends its lines to: a {@link CommandSession} in this process, or a
 * recorder's remote console. {@link #execute} runs on the front end's thread; {@link #cancel}
 * comes from another (the Ctrl-C handler) and stops the line that is running.
 */
public interface LineExecutor extends AutoCloseable {

    /** Runs one line and copies its reply to {@code out}. */
    CommandSession.Outcome execute(String line, OutputStream out) throws IOException, InterruptedException;

    /** Cancels the running line, if any; it then ends with {@code error: cancelled ...}. */
    void cancel();

    /** Source names, for completion. */
    List<String> sourceNames();

    @Override
    void close();
}
