package org.nsr.index;

import java.io.IOException;
import java.nio.file.Path;

/** An index file that is damaged or partial: the message names the file and what is wrong. */
public final class IndexFileException extends IOException {
    public IndexFileException(Path file, String what) {
        super("index file " + file + " " + what);
    }
}
