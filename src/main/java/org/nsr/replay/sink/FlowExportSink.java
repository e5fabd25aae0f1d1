package org.nsr.replay.sink;

import java.io.IOException;
import org.nsr.export.FlowEncoder;
import org.nsr.export.MessageOutput;
import org.nsr.filter.Filter;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.FlowView;
import org.nsr.record.codec.FlowVisitor;
import org.nsr.replay.RecordSink;
import org.nsr.replay.RecordView;

/**
 * {@code replay --ipfix/--netflow9}: every flow of the replayed records becomes one flow record
 * sent to a collector, through the codec's flow view.
 *
 * <ul>
 *   <li>A generator flow line: its packets and bytes, starting and ending at the line's time.</li>
 *   <li>An NDTwin flow snapshot: each listed flow becomes a record for the second before the poll
 *       (start = poll time - 1 s, end = poll time) with packets =
 *       round({@code estimated_packet_rate_in_the_last_sec}) and bytes =
 *       round({@code estimated_flow_sending_rate_bps_in_the_last_sec} / 8): the rates describe that
 *       second, so this is what the kernel measured, not an extrapolation. With polls further apart
 *       than 1 s the time between them is not filled in.</li>
 *   <li>A flow with neither counters nor rates, and records holding no flows, are not exported
 *       and are counted.</li>
 * </ul>
 * Replay thread only.
 */
public final class FlowExportSink implements RecordSink, FlowVisitor {
    static final long SNAPSHOT_SPAN_NANOS = 1_000_000_000L;

    private final FlowEncoder encoder;
    private final MessageOutput output;
    private final Filter filter;
    private final FlowView view = new FlowView();
    private IOException failure;
    private long generatorFlows;
    private long snapshotFlows;
    private long filteredOut;
    private long withoutVolume;
    private long recordsWithoutFlows;

    public FlowExportSink(FlowEncoder encoder, MessageOutput output, Filter filter) {
        this.encoder = encoder;
        this.output = output;
        this.filter = filter;
    }

    @Override
    public void accept(RecordView r) throws IOException {
        int n = view.visit(r.array(), r.offset(), r.length(), r.timestampNanos(), this);
        if (failure != null) {
            IOException e = failure;
            failure = null;
            throw e;
        }
        if (n == FlowView.NO_FLOWS || n == FlowView.MALFORMED) {
            recordsWithoutFlows++;
        }
    }

    @Override
    public void flow(Flow f) {
        if (failure != null) {
            return;
        }
        if (!filter.matches(f)) {
            filteredOut++;
            return;
        }
        try {
            if (f.packets() != Flow.UNKNOWN && f.bytes() != Flow.UNKNOWN) {
                generatorFlows++;
                encoder.flow(f.srcIp(), f.dstIp(), port(f.srcPort()), port(f.dstPort()), protocol(f), f.packets(),
                        f.bytes(), f.timeNanos(), f.timeNanos());
            } else if (!Double.isNaN(f.bitsPerSecond()) || !Double.isNaN(f.packetsPerSecond())) {
                snapshotFlows++;
                long packets = Double.isNaN(f.packetsPerSecond()) ? 0 : Math.round(f.packetsPerSecond());
                long bytes = Double.isNaN(f.bitsPerSecond()) ? 0 : Math.round(f.bitsPerSecond() / 8);
                encoder.flow(f.srcIp(), f.dstIp(), port(f.srcPort()), port(f.dstPort()), protocol(f), packets, bytes,
                        f.timeNanos() - SNAPSHOT_SPAN_NANOS, f.timeNanos());
            } else {
                withoutVolume++;
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    private static int port(int p) {
        return p == Flow.UNKNOWN ? 0 : p;
    }

    private static int protocol(Flow f) {
        return f.protocol() == Flow.UNKNOWN ? 0 : f.protocol();
    }

    @Override
    public void flush() throws IOException {
        encoder.flush();
    }

    @Override
    public long failures() {
        return output.failures();
    }

    @Override
    public String summary() {
        return "exported " + generatorFlows + " generator flows and " + snapshotFlows + " snapshot flows ("
                + encoder.messages() + " messages: " + output.summary() + "); not exported: " + filteredOut
                + " filtered out, " + withoutVolume + " without counters or rates, " + recordsWithoutFlows
                + " records holding no flows";
    }

    @Override
    public void close() throws IOException {
        encoder.close();
    }
}
