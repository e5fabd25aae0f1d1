package org.nsr.source.gen;

import org.nsr.record.LineBuffer;

/**
 * Encodes flows as bytes for one output: what comes before the first flow, each flow, and what
 * closes the output. Stateful (JSON needs to know the first element) and not thread-safe.
 */
public interface FlowFormatter {
    void begin(LineBuffer out);

    void flow(FlowRecord flow, LineBuffer out);

    void end(LineBuffer out);
}
