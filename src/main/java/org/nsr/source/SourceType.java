package org.nsr.source;

import org.nsr.config.ConfigException;
import org.nsr.config.ConfigNode;
import org.nsr.config.RecorderDefaults;

/**
 * One kind of source that can be named by {@code type:} in a config file. Adding a type means
 * one implementation of this interface registered in {@link SourceTypes}; adding a source of an
 * existing type is only a YAML edit.
 */
public interface SourceType {

    /** The value of {@code type:} that selects this type. */
    String name();

    /**
     * Reads one entry of {@code Recorder.data.sources}. The keys {@code name} and {@code type}
     * have already been read. Implementations read every key they understand and must call
     * {@link ConfigNode#rejectUnknownKeys()} last, so a typo is never ignored.
     */
    SourceSpec parse(String name, ConfigNode node, RecorderDefaults defaults) throws ConfigException;
}
