package org.nsr.replay.sink;

import java.util.Locale;

/** The stdout formats of {@code nsr replay}. */
public enum StreamFormat {
    /** The record lines as recorded. */
    NDJSON,
    /** {@code time,timestamp_ns,source,record}: ISO-8601 UTC time, nanoseconds, source name, the JSON line quoted. */
    CSV,
    /** {@code <ISO-8601 UTC time> <source> <JSON line>} for reading by eye. */
    TEXT;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
