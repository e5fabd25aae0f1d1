package org.nsr.index;

import java.io.IOException;

/** An index file that is damaged, partial or outdated: the message names the file and what is wrong. */
public final class IndexFileException extends IOException {
    private final boolean outdated;

    public IndexFileException(String file, String what) {
        this(file, what, false);
    }

    IndexFileException(String file, String what, boolean outdated) {
        super("index file " + file + " " + what);
        this.outdated = outdated;
    }

    /** True when the file is valid in an older format: it is rebuilt, not a fault. */
    public boolean outdated() {
        return outdated;
    }
}
