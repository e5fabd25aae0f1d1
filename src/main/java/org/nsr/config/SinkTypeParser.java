package org.nsr.config;

import java.util.List;

/**
 * Reads the entries of one sink type ({@code type: kafka}) of {@code Recorder.data.sinks}.
 * Registered in the {@link SourceTypeRegistry} the composition root hands to the loader.
 */
public interface SinkTypeParser {

    /** The value of {@code type:} that selects this type. */
    String name();

    /**
     * Reads one entry. The keys {@code name}, {@code type} and {@code sources} have been read
     * ({@code sources} empty for all). Implementations must call {@link ConfigNode#rejectUnknownKeys()} last.
     */
    SinkDefinition parse(String name, List<String> sources, ConfigNode node) throws ConfigException;

    /**
     * A key any source entry may carry to feed this sink from that source alone (the Redis sink's
     * {@code redis_sink:}), read by the loader before the source type sees the entry; null for none.
     * Its value is parsed like a {@code sinks:} entry without {@code name}, {@code type} and {@code sources}.
     */
    default String entryKey() {
        return null;
    }
}
