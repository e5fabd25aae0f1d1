package org.nsr.archive;

import java.io.IOException;

/** An archive that does not hold what it should: bad CRC, wrong size, missing entry, truncated. */
public class CorruptArchiveException extends IOException {
    public CorruptArchiveException(String message) {
        super(message);
    }

    public CorruptArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
