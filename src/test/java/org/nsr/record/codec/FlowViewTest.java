package org.nsr.record.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nsr.record.LineBuffer;

/** The flow view on the real NDTwin fixtures, on generator lines, and on malformed lines. */
class FlowViewTest {
    private static final long MS = 1_755_857_592_000L;
    private static final long NANOS = MS * 1_000_000L;
    private final FlowView view = new FlowView();

    /** What one visit saw: a copy of each flow (the cursor is reused) and the entries that were no flow. */
    private static final class Seen implements FlowVisitor {
        final List<String> flows = new ArrayList<>();
        final List<Flow> kinds = new ArrayList<>();
        int notFlows;

        @Override
        public void flow(Flow f) {
            flows.add(Ipv4.dotted(f.srcIp()) + ":" + f.srcPort() + ">" + Ipv4.dotted(f.dstIp()) + ":" + f.dstPort()
                    + "/" + f.protocol() + " p=" + f.packets() + " b=" + f.bytes() + " bps=" + (long) f.bitsPerSecond()
                    + " pps=" + (long) f.packetsPerSecond() + " t=" + f.timeNanos() + " " + f.kind().name());
        }

        @Override
        public void notAFlow() {
            notFlows++;
        }
    }

    /** The flows a view that has seen no line before reads from {@code line}. */
    private static List<String> fresh(String line) {
        byte[] b = Fixtures.utf8(line);
        Seen seen = new Seen();
        new FlowView().visit(b, 0, b.length, NANOS, seen);
        return seen.flows;
    }

    private Seen visit(String line, int expected) {
        byte[] b = Fixtures.utf8("  " + line + "  ");
        Seen seen = new Seen();
        assertEquals(expected, view.visit(b, 2, b.length - 4, NANOS, seen), line);
        return seen;
    }

    @Test
    void eachEntryOfTheFixturesFlowArrayIsAFlowWithLittleEndianIpsDecoded() throws Exception {
        LineBuffer line = new LineBuffer(4096);
        byte[] flows = Fixtures.utf8(Fixtures.compact("get_detected_flow_data.json"));
        NdtwinFlowPoll.write(line, MS, flows, 0, flows.length);
        Seen seen = visit(line.toString(), 2);
        // 1359063232 = 0x5101A8C0: low byte first, 192.168.1.81; 16885952 = 0x0101A8C0 is 192.168.1.1
        assertEquals(List.of(
                "192.168.1.81:5201>192.168.1.1:55367/6 p=-1 b=-1 bps=1712000 pps=3000 t=" + NANOS + " ndtwin_flows",
                "192.168.1.1:55367>192.168.1.81:5201/6 p=-1 b=-1 bps=988560000 pps=81333 t=" + NANOS + " ndtwin_flows"),
                seen.flows);
        assertEquals(0, seen.notFlows);
    }

    @Test
    void theFixtureAsTheKernelFormatsItWithWhitespaceAndUnderThePlaybackKeyReadsTheSame() throws Exception {
        String pretty = Fixtures.text("get_detected_flow_data.json").replace('\n', ' ');
        Seen recorder = visit("{\"timestamp\":" + MS + ", \"flowinfo\" : " + pretty + "}", 2);
        Seen playback = visit("{\"timestamp\":" + MS + ",\"flow_info\":" + pretty + "}", 2);
        assertEquals(recorder.flows, playback.flows);
    }

    @Test
    void aGraphPollAndTheKernelsErrorBodyHoldNoFlows() throws Exception {
        String graph = Fixtures.compact("get_graph_data.json");
        String graphLine = "{\"timestamp\":" + MS + "," + graph.substring(1);
        assertEquals(0, visit(graphLine, FlowView.NO_FLOWS).flows.size());
        byte[] g = Fixtures.utf8(graphLine);
        assertSame(GraphPoll.KIND, view.kindOf(g, 0, g.length));
        // the kernel's 500 body merged into a line is not the recorder's error line
        String error = "{\"timestamp\":" + MS + "," + Fixtures.compact("error_500.json").substring(1);
        visit(error, FlowView.NO_FLOWS);
        byte[] e = Fixtures.utf8(error);
        assertSame(LineKinds.OTHER, view.kindOf(e, 0, e.length));
    }

    @Test
    void aGeneratorLineIsOneFlowWithCountersAndTheRecordTime() {
        Seen seen = visit("{\"stream_id\":1,\"timestamp\":1755856800123456789,\"src_ip\":\"192.168.1.10\","
                + "\"dst_ip\":\"10.0.0.1\",\"src_port\":54321,\"dst_port\":443,\"protocol\":17,\"packet_count\":15,"
                + "\"byte_count\":12000}", 1);
        assertEquals(List.of("192.168.1.10:54321>10.0.0.1:443/17 p=15 b=12000 bps=0 pps=0 t=" + NANOS
                + " generator_flow"), seen.flows);
    }

    @Test
    void linesOfKindsInTurnReadTheSameAfterTheViewHasSeenAnotherKind() {
        String csv = "{\"timestamp\":1,\"redis_id\":\"1-0\",\"csv_row\":{\"source_ip\":\"192.168.1.10\","
                + "\"dest_ip\":\"10.0.0.1\",\"source_port\":5,\"dest_port\":80,\"protocol\":\"TCP\",\"bytes_sent\":7,"
                + "\"bytes_received\":3,\"packets_sent\":1,\"packets_received\":1}}";
        String generator = "{\"stream_id\":1,\"timestamp\":1755856800123456789,\"src_ip\":\"192.168.1.10\","
                + "\"dst_ip\":\"10.0.0.1\",\"src_port\":54321,\"dst_port\":443,\"protocol\":17,\"packet_count\":15,"
                + "\"byte_count\":12000}";
        assertEquals(fresh(csv), visit(csv, 1).flows, "a csv row first");
        assertEquals(fresh(csv), visit(csv, 1).flows, "a csv row after a csv row");
        assertEquals(fresh(generator), visit(generator, 1).flows, "a generator line after a csv row");
        assertEquals(fresh(csv), visit(csv, 1).flows, "a csv row after a generator line");
        assertEquals(1, fresh(csv).size());
        assertEquals(0, visit("not json", FlowView.NO_FLOWS).flows.size());
    }

    @Test
    void entriesWithoutUsableIpsAreReportedAsNoFlowAndTheRestAreStillVisited() {
        Seen seen = visit("{\"timestamp\":1,\"flowinfo\":[{\"src_ip\":16885952,\"dst_ip\":16885952,\"protocol_id\":1,"
                + "\"src_port\":8,\"dst_port\":0},{\"dst_ip\":1},{\"src_ip\":\"x\",\"dst_ip\":1},"
                + "{\"src_ip\":4294967296,\"dst_ip\":1},{\"src_ip\":1.5,\"dst_ip\":1},7,[],{}]}", 1);
        assertEquals(7, seen.notFlows);
        assertTrue(seen.flows.get(0).startsWith("192.168.1.1:8>192.168.1.1:0/1 p=-1 b=-1"), seen.flows.get(0));
    }

    @Test
    void aFlowArrayWithBrokenStructureIsMalformedAndNotJsonHoldsNoFlows() {
        visit("{\"timestamp\":1,\"flowinfo\":[{\"src_ip\":1,\"dst_ip\":2}", FlowView.MALFORMED);
        visit("{\"timestamp\":1,\"flowinfo\":[{\"src_ip\":1,\"dst_ip\":2} {\"src_ip\":1}]}", FlowView.MALFORMED);
        visit("{\"timestamp\":1,\"flowinfo\":[{\"src_ip\" 1}]}", FlowView.MALFORMED);
        visit("{\"timestamp\":1,\"flowinfo\":[]}", 0);
        visit("{\"timestamp\":1,\"flowinfo\":{}}", FlowView.NO_FLOWS);
        visit("not json", FlowView.NO_FLOWS);
        visit("", FlowView.NO_FLOWS);
        visit("{\"src_ip\":\"1.2.3.4\",\"dst_ip\":\"10.0.0.1\",\"packet_count\":1,\"byte_count\":1.5}",
                FlowView.NO_FLOWS);
    }
}
