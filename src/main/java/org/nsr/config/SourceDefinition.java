package org.nsr.config;

/**
 * A validated, immutable description of one configured source, as the loader knows it: its name
 * and type. The source type that parsed it adds how to build the source; the loader needs no more.
 */
public interface SourceDefinition {

    /** The source's name, unique in a config and safe in a file name. */
    String name();

    /** The source type's config name ("http", "generator"). */
    String type();

    /**
     * The queue capacity this kind of source wants when neither its entry nor
     * {@code Recorder.data.queue_capacity} sets one, or -1 for the recorder's default. Poll
     * records can each be as large as a response body, so HTTP sources want few.
     */
    default int preferredQueueCapacity() {
        return -1;
    }
}
