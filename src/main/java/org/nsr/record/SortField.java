package org.nsr.record;

import java.util.Comparator;
import java.util.Locale;

/**
 * What records are sorted by inside a time chunk. {@link #BYTES} and {@link #PACKETS} sort
 * descending (top talkers first); every field breaks ties by timestamp, and sorts are stable so
 * full ties keep arrival order.
 */
public enum SortField {
    TIMESTAMP("timestamp", false),
    STREAM_ID("stream_id", false),
    SRC_IP("src_ip", false),
    DST_IP("dst_ip", false),
    BYTES("bytes", true),
    PACKETS("packets", true);

    private final String configName;
    private final boolean descending;
    private final Comparator<Record> comparator;

    SortField(String configName, boolean descending) {
        this.configName = configName;
        this.descending = descending;
        this.comparator = buildComparator();
    }

    private Comparator<Record> buildComparator() {
        if (configName.equals("timestamp")) {
            return Comparator.comparingLong(Record::timestampNanos);
        }
        SortField self = this;
        Comparator<Record> byKey = Comparator.comparingLong(r -> r.sortKey(self));
        if (descending) {
            byKey = byKey.reversed();
        }
        return byKey.thenComparingLong(Record::timestampNanos);
    }

    /** The spelling used in config files and on the command line. */
    public String configName() {
        return configName;
    }

    public boolean descending() {
        return descending;
    }

    public Comparator<Record> comparator() {
        return comparator;
    }

    /** Parses a config/CLI spelling; returns null when unknown so callers can report it. */
    public static SortField fromConfigName(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (SortField f : values()) {
            if (f.configName.equals(wanted)) {
                return f;
            }
        }
        return null;
    }

    /** "timestamp, stream_id, ..." for error messages. */
    public static String allConfigNames() {
        StringBuilder sb = new StringBuilder();
        for (SortField f : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(f.configName);
        }
        return sb.toString();
    }
}
