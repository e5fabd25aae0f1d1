package org.nsr.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code index:} setting under {@code Recorder.data}: which keys are indexed, when a key's
 * activity interval ends, and how many files a merge joins. {@code index: off} turns it off.
 *
 * @param keys index kinds by name ({@code connection4}, {@code connection3}, {@code connection2},
 *     {@code ip}); empty when indexing is off
 * @param inactivityTimeout a gap longer than this between two flows of a key starts a new interval
 * @param mergeFanout files of one level merged into one file of the next
 * @param flushInterval the memory table is written as a level-0 file at least this often
 * @param memoryBytes heap bytes the index may hold ({@code memory}, default 64 MiB): key buffers of
 *     the files being indexed and memory tables; what does not fit is spilled to disk or written early
 */
public record IndexSettings(List<String> keys, Duration inactivityTimeout, int mergeFanout, Duration flushInterval,
        long memoryBytes) {
    /** The kinds an index can be built on, in the order the index package numbers them. */
    public static final List<String> KNOWN_KEYS = List.of("connection4", "connection3", "connection2", "ip");
    public static final Duration DEFAULT_INACTIVITY_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MERGE_FANOUT = 10;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(30);
    public static final long DEFAULT_MEMORY_BYTES = 64L << 20;
    /** All four keys on. */
    public static final IndexSettings DEFAULT = new IndexSettings(KNOWN_KEYS, DEFAULT_INACTIVITY_TIMEOUT,
            DEFAULT_MERGE_FANOUT, DEFAULT_FLUSH_INTERVAL, DEFAULT_MEMORY_BYTES);
    public static final IndexSettings OFF = new IndexSettings(List.of(), DEFAULT_INACTIVITY_TIMEOUT,
            DEFAULT_MERGE_FANOUT, DEFAULT_FLUSH_INTERVAL, DEFAULT_MEMORY_BYTES);

    /** The same settings with the older four-argument form (memory at its default). */
    public IndexSettings(List<String> keys, Duration inactivityTimeout, int mergeFanout, Duration flushInterval) {
        this(keys, inactivityTimeout, mergeFanout, flushInterval, DEFAULT_MEMORY_BYTES);
    }

    public IndexSettings {
        keys = List.copyOf(keys);
    }

    public boolean enabled() {
        return !keys.isEmpty();
    }

    /**
     * Reads {@code index} from {@code data}: absent is {@link #DEFAULT} (all four keys on, memory
     * bounded by {@code memory}), {@code off} is {@link #OFF}, a mapping chooses.
     */
    static IndexSettings read(ConfigNode data) throws ConfigException {
        if (!data.has("index")) {
            return DEFAULT;
        }
        Object raw = data.raw("index");
        if (raw instanceof Boolean b && !b || "off".equals(raw)) {
            return OFF; // YAML reads a bare off as false
        }
        if (!(raw instanceof java.util.Map)) {
            throw new ConfigException(data.pathOf("index") + ": '" + raw + "' is not a mapping or off; expected "
                    + "{keys: [...], inactivity_timeout: \"30s\", merge_fanout: 10, memory: \"64MB\"} or off");
        }
        ConfigNode n = data.child("index");
        List<String> keys = n.has("keys") ? n.strings("keys") : KNOWN_KEYS;
        List<String> seen = new ArrayList<>();
        for (String k : keys) {
            if (!KNOWN_KEYS.contains(k)) {
                throw new ConfigException(n.pathOf("keys") + ": '" + k + "' is not an index key; expected some of "
                        + String.join(", ", KNOWN_KEYS));
            }
            if (seen.contains(k)) {
                throw new ConfigException(n.pathOf("keys") + ": '" + k + "' is listed twice; expected each key once");
            }
            seen.add(k);
        }
        if (keys.isEmpty()) {
            throw new ConfigException(n.pathOf("keys") + ": the list is empty; expected some of "
                    + String.join(", ", KNOWN_KEYS) + ", or index: off");
        }
        Duration timeout = n.duration("inactivity_timeout", DEFAULT_INACTIVITY_TIMEOUT, ChronoUnit.SECONDS,
                Duration.ofMillis(1), Duration.ofDays(1));
        int fanout = n.intValue("merge_fanout", DEFAULT_MERGE_FANOUT, 2, 1000);
        Duration flush = n.duration("flush_interval", DEFAULT_FLUSH_INTERVAL, ChronoUnit.SECONDS, Duration.ofMillis(100),
                Duration.ofHours(1));
        long memory = n.byteSize("memory", DEFAULT_MEMORY_BYTES, 4L << 20, 1L << 40);
        n.rejectUnknownKeys();
        return new IndexSettings(keys, timeout, fanout, flush, memory);
    }
}
