package org.nsr.source;

/**
 * A validated, immutable description of one configured source, parsed from YAML by its
 * {@link SourceType}. Creating the source is separate from parsing so a config can be checked
 * (and refused) without starting anything.
 */
public interface SourceSpec {

    /** The source's name, unique in a config and safe in a file name. */
    String name();

    /** The source type's config name ("http", "generator"). */
    String type();

    /** Builds a fresh, not yet running source. */
    Source create(SourceContext context);
}
