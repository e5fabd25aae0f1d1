package org.nsr.replay.sink;

import java.util.Locale;

/** The stdout formats of {@code nsr replay}. */
public enum StreamFormat {
    /** The record lines as recorded. */
    NDJSON,
    /**
     * {@code time,timestamp_ns,source,kind,src_ip,dst_ip,src_port,dst_port,protocol,packets,bytes,bps,pps,record}:
     * one row per flow (ISO-8601 UTC time, nanoseconds, source name, line kind, the 5-tuple, the counters
     * and rates the line carries, empty when it does not carry them, and an empty record column); a line
     * without flows is one row with empty flow columns and the JSON line, quoted, in {@code record}.
     */
    CSV,
    /** {@code <ISO-8601 UTC time> <source> <JSON line>} for reading by eye. */
    TEXT;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
