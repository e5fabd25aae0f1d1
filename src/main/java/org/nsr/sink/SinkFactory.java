package org.nsr.sink;

import java.util.List;
import org.nsr.metrics.Metrics;

/**
 * A registered kind of sink: given a source, the sinks it feeds besides the file writer. Adding a
 * sink type is registering a factory with the recorder, with no edit to the coordinator. A sink
 * that is also a {@link org.nsr.lifecycle.Service} is started before its source and stopped after it.
 */
@FunctionalInterface
public interface SinkFactory {
    /** The sinks for {@code source}; empty when this type does not serve it. */
    List<Sink> create(String source, Metrics metrics);

    /**
     * The sinks for the configured source {@code spec}, for a type that needs more of the entry than
     * its name. By default the same as {@link #create(String, Metrics)}.
     */
    default List<Sink> create(org.nsr.config.SourceDefinition spec, Metrics metrics) {
        return create(spec.name(), metrics);
    }

    /**
     * True for a sink that follows one writer's files and its sequence numbers (the index feed,
     * which learns from each completed file which records it holds). With storage classes such a
     * sink is made once per class writer, named {@code source+class}, and fed that class's records;
     * every other sink is made once per source and sees all its records.
     */
    default boolean followsWriter() {
        return false;
    }
}
