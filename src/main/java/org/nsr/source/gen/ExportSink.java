package org.nsr.source.gen;

import java.io.IOException;
import java.util.List;
import org.nsr.export.FlowEncoder;

/** The sink of {@code nsr generate -o ipfix|netflow9|pcap}: each flow to a standard-format encoder. */
public final class ExportSink implements ChunkSink {
    private final FlowEncoder encoder;
    private final GenerationStats stats;

    public ExportSink(FlowEncoder encoder, GenerationStats stats) {
        this.encoder = encoder;
        this.stats = stats;
    }

    @Override
    public void accept(List<FlowRecord> chunk) throws IOException {
        for (int i = 0, n = chunk.size(); i < n; i++) {
            FlowRecord f = chunk.get(i);
            encoder.flow(f.srcIpBits(), f.dstIpBits(), f.srcPort(), f.dstPort(), f.protocol(), f.packetCount(),
                    f.byteCount(), f.timestampNanos(), f.endNanos());
            stats.count(f);
        }
    }

    @Override
    public void flush() throws IOException {
        encoder.flush();
    }

    @Override
    public void finish() throws IOException {
        encoder.close();
    }
}
