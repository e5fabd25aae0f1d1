package org.nsr.config;

/**
 * Reads the entries of one source type ({@code type: http}). Registered in a
 * {@link SourceTypeRegistry}, which the composition root hands to the loader: adding a type is a
 * registration, with no edit to the loader.
 */
public interface SourceTypeParser {

    /** The value of {@code type:} that selects this type. */
    String name();

    /**
     * Reads one entry of {@code Recorder.data.sources}. The keys {@code name} and {@code type}
     * have already been read. Implementations read every key they understand and must call
     * {@link ConfigNode#rejectUnknownKeys()} last, so a typo is never ignored.
     */
    SourceDefinition parse(String name, ConfigNode node, RecorderDefaults defaults) throws ConfigException;
}
