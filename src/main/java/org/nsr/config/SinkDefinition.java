package org.nsr.config;

import java.util.List;

/**
 * A validated, immutable description of one configured sink ({@code Recorder.data.sinks}), fed
 * besides the file writer. The sink type that parsed it adds how to build the sink.
 */
public interface SinkDefinition {

    /** The sink's name, unique among sinks: logs and metrics carry it. */
    String name();

    /** The sink type's config name ("kafka"). */
    String type();

    /** The sources this sink is fed from; empty for every source. */
    List<String> sources();

    /** True if this sink is fed from {@code source}. */
    default boolean serves(String source) {
        return sources().isEmpty() || sources().contains(source);
    }
}
