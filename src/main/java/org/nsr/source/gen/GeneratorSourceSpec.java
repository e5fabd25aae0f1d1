package org.nsr.source.gen;

import org.nsr.source.Source;
import org.nsr.source.SourceContext;
import org.nsr.source.SourceSpec;

/**
 * A validated {@code type: generator} source entry.
 *
 * @param rate flows per second over all threads, or {@link #UNLIMITED}
 * @param seed the random seed, or null for a fresh one at every start
 */
public record GeneratorSourceSpec(String name, int threads, double rate, Long seed, GeneratorConfig config)
        implements SourceSpec {
    public static final double UNLIMITED = -1;

    public boolean unlimited() {
        return rate < 0;
    }

    @Override
    public String type() {
        return GeneratorSourceType.NAME;
    }

    @Override
    public Source create(SourceContext context) {
        return new GeneratorSource(this, context);
    }
}
