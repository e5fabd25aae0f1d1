package org.nsr.source;

import org.nsr.config.SourceDefinition;

/**
 * A validated, immutable description of one configured source, parsed from YAML by its
 * {@link SourceType}. Creating the source is separate from parsing so a config can be checked
 * (and refused) without starting anything.
 */
public interface SourceSpec extends SourceDefinition {

    /** Builds a fresh, not yet running source. */
    Source create(SourceContext context);
}
