package org.nsr.config;

import java.util.List;

/**
 * The source types a config file can name with {@code type:}, the sources a config without
 * {@code sources:} records, and the sink types {@code sinks:} entries can name. Built by the
 * composition root; immutable.
 */
public final class SourceTypeRegistry {

    /** The sources of a config that lists none (the original recorder's two NDTwin pollers). */
    @FunctionalInterface
    public interface DefaultSources {
        List<? extends SourceDefinition> of(RecorderDefaults defaults) throws ConfigException;
    }

    private final List<SourceTypeParser> types;
    private final DefaultSources defaults;
    private final List<SinkTypeParser> sinkTypes;

    public SourceTypeRegistry(List<? extends SourceTypeParser> types, DefaultSources defaults) {
        this(types, defaults, List.of());
    }

    public SourceTypeRegistry(List<? extends SourceTypeParser> types, DefaultSources defaults,
            List<? extends SinkTypeParser> sinkTypes) {
        this.types = List.copyOf(types);
        this.defaults = defaults;
        this.sinkTypes = List.copyOf(sinkTypes);
    }

    /** The sink types that a source entry may name by their {@link SinkTypeParser#entryKey()}. */
    public List<SinkTypeParser> entrySinkTypes() {
        return sinkTypes.stream().filter(t -> t.entryKey() != null).toList();
    }

    /** The sink type named {@code name}, or null. */
    public SinkTypeParser sinkType(String name) {
        for (SinkTypeParser t : sinkTypes) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** The registered sink type names, comma-separated, for error messages. */
    public String sinkTypeNames() {
        return sinkTypes.isEmpty() ? "(none)" : String.join(", ", sinkTypes.stream().map(SinkTypeParser::name).toList());
    }

    /** The type named {@code name}, or null. */
    public SourceTypeParser byName(String name) {
        for (SourceTypeParser t : types) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** The registered type names, comma-separated, for error messages. */
    public String names() {
        return String.join(", ", types.stream().map(SourceTypeParser::name).toList());
    }

    public List<? extends SourceDefinition> defaultSources(RecorderDefaults recorderDefaults) throws ConfigException {
        return defaults.of(recorderDefaults);
    }
}
