package org.nsr.testing;

import org.nsr.channel.Channel;
import org.nsr.core.StopSignal;
import org.nsr.source.Source;
import org.nsr.source.SourceContext;
import org.nsr.source.SourceSpec;

/** A source spec whose source runs a test's script: the recorder tests' stand-in for a real source. */
public record ScriptedSource(String name, Body body) implements SourceSpec {

    /** What the source does when run. */
    @FunctionalInterface
    public interface Body {
        void run(Channel out, StopSignal stop) throws Exception;
    }

    @Override
    public String type() {
        return "test";
    }

    @Override
    public Source create(SourceContext context) {
        return new Source() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void run(Channel out, StopSignal stop) throws Exception {
                body.run(out, stop);
            }
        };
    }
}
