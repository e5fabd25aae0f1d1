package org.nsr.console;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * What console commands run against: a recording directory ({@link RecordingBackend}) or a
 * running recorder. Implementations are thread-safe: several console connections call at once.
 */
public interface ConsoleBackend {

    /** Writes the records matching the query, one a line, in time order; interruptible. */
    void lookup(Command.Query query, OutputStream out) throws IOException;

    /** Where {@code query to_file} writes: output_dir/exports. */
    Path exportsDir();

    /** The lines of {@code show TOPIC} (without the final {@code ok N}). */
    List<String> show(Command.Topic topic) throws IOException;

    /** Source names, for completion. */
    List<String> sourceNames();
}
