package org.nsr.source;

import org.nsr.config.ConfigException;
import org.nsr.config.ConfigNode;
import org.nsr.config.RecorderDefaults;
import org.nsr.config.SourceTypeParser;

/**
 * One kind of source that can be named by {@code type:} in a config file. Adding a type means
 * one implementation of this interface, registered where the recorder is composed; adding a
 * source of an existing type is only a YAML edit.
 */
public interface SourceType extends SourceTypeParser {

    @Override
    SourceSpec parse(String name, ConfigNode node, RecorderDefaults defaults) throws ConfigException;
}
