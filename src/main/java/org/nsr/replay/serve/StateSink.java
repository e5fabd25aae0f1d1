package org.nsr.replay.serve;

import org.nsr.replay.RecordView;
import org.nsr.replay.RecordSink;

/** The {@code --serve} sink: each replayed record updates the served NDTwin state. */
public final class StateSink implements RecordSink {
    private final NdtwinState state;

    public StateSink(NdtwinState state) {
        this.state = state;
    }

    @Override
    public void accept(RecordView record) {
        state.update(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
