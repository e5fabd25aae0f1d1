package org.nsr.record.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.nsr.record.LineBuffer;

/** Every line kind: encode, decode, and get back what went in; and each line is recognised as its kind. */
class LineCodecRoundTripTest {
    private static final long MS = 1_755_857_592_000L;
    private final FlowView view = new FlowView();
    private final LineBuffer out = new LineBuffer(1024);

    private LineKind kindOf(LineBuffer line) {
        return view.kindOf(line.array(), 0, line.size());
    }

    @Test
    void aGeneratorFlowLineDecodesToTheFieldsItWasWrittenFrom() {
        GeneratorFlowLine.Line in = new GeneratorFlowLine.Line(7, 1_755_856_800_123_456_789L,
                (int) Ipv4.parseDotted("192.168.1.10"), (int) Ipv4.parseDotted("255.254.0.1"), 54321, 443, 6, 15,
                12_000_000_000L);
        GeneratorFlowLine.write(out, in);
        assertEquals("{\"stream_id\":7,\"timestamp\":1755856800123456789,\"src_ip\":\"192.168.1.10\","
                + "\"dst_ip\":\"255.254.0.1\",\"src_port\":54321,\"dst_port\":443,\"protocol\":6,\"packet_count\":15,"
                + "\"byte_count\":12000000000}", out.toString());
        assertEquals(in, GeneratorFlowLine.decode(out.array(), 0, out.size()));
        assertSame(GeneratorFlowLine.KIND, kindOf(out));
    }

    @Test
    void anNdtwinFlowPollDecodesToItsTimestampAndTheFixturesFlowArray() throws Exception {
        NdtwinFlowPoll.Line in = new NdtwinFlowPoll.Line(MS, Fixtures.compact("get_detected_flow_data.json"));
        NdtwinFlowPoll.write(out, in);
        assertEquals(in, NdtwinFlowPoll.decode(out.array(), 0, out.size()));
        JsonNode line = Fixtures.JSON.readTree(out.toString());
        assertEquals(MS, line.get(LineKeys.TIMESTAMP).asLong());
        assertEquals(Fixtures.tree("get_detected_flow_data.json"), line.get(LineKeys.FLOWINFO));
        assertSame(NdtwinFlowPoll.KIND, kindOf(out));
    }

    @Test
    void aGraphPollDecodesToItsTimestampNodesAndEdges() throws Exception {
        JsonNode graph = Fixtures.tree("get_graph_data.json");
        GraphPoll.Line in = new GraphPoll.Line(MS, Fixtures.JSON.writeValueAsString(graph.get("nodes")),
                Fixtures.JSON.writeValueAsString(graph.get("edges")));
        GraphPoll.write(out, in);
        assertEquals(in, GraphPoll.decode(out.array(), 0, out.size()));
        JsonNode line = Fixtures.JSON.readTree(out.toString());
        assertEquals(graph.get("nodes"), line.get(LineKeys.NODES));
        assertEquals(graph.get("edges"), line.get(LineKeys.EDGES));
        assertSame(GraphPoll.KIND, kindOf(out));
    }

    @Test
    void anErrorLineKeepsItsKindMessageAndStatusEvenWithQuotesAndNonAscii() {
        for (ErrorLine in : new ErrorLine[] {
                new ErrorLine(MS, "http_status", "HTTP 503 \"busy\" \u00e9\u4e2d\n", 503),
                new ErrorLine(MS, "timeout", "no answer in 2s", null)}) {
            byte[] line = in.encode();
            assertEquals(in, ErrorLine.decode(line, 0, line.length));
            out.reset();
            out.append(line);
            assertSame(ErrorLine.KIND, kindOf(out));
        }
        assertEquals("{\"timestamp\":1755857592000,\"error\":{\"kind\":\"timeout\",\"message\":\"x\",\"status\":null}}",
                new String(new ErrorLine(MS, "timeout", "x", null).encode(), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void eachDecoderRefusesTheOtherKindsLines() throws Exception {
        byte[] generator = Fixtures.utf8("{\"stream_id\":1,\"timestamp\":1,\"src_ip\":\"1.1.1.1\",\"dst_ip\":\"2.2.2.2\","
                + "\"src_port\":1,\"dst_port\":2,\"protocol\":6,\"packet_count\":1,\"byte_count\":1}");
        byte[] error = new ErrorLine(MS, "timeout", "x", null).encode();
        assertNull(NdtwinFlowPoll.decode(generator, 0, generator.length));
        assertNull(GraphPoll.decode(generator, 0, generator.length));
        assertNull(ErrorLine.decode(generator, 0, generator.length));
        assertNull(GeneratorFlowLine.decode(error, 0, error.length));
        assertNull(NdtwinFlowPoll.decode(error, 0, error.length));
    }

    @Test
    void aLaterKindJoinsTheRegistryAndTheFlowViewVisitsItsFlows() {
        LineKind ingest = new LineKind() {
            @Override
            public String name() {
                return "ingest_row";
            }

            @Override
            public boolean matches(byte[] b, int off, int end, Flow scratch) {
                return end - off > 0 && b[off] == 'I';
            }

            @Override
            public boolean holdsFlows() {
                return true;
            }

            @Override
            public int flows(byte[] b, int off, int end, long ts, Flow cursor, FlowVisitor visitor) {
                if (!matches(b, off, end, cursor)) {
                    return NOT_THIS_KIND;
                }
                visitor.flow(cursor.fill(this, ts, 1, 2, 3, 4, 17, 1, end - off, Double.NaN, Double.NaN));
                return 1;
            }
        };
        FlowView extended = new FlowView(LineKinds.standard().with(ingest));
        byte[] row = Fixtures.utf8("I,1.2.3.4");
        long[] seen = new long[2];
        assertEquals(1, extended.visit(row, 0, row.length, 42, f -> {
            seen[0] = f.bytes();
            seen[1] = f.timeNanos();
        }));
        assertEquals(9, seen[0]);
        assertEquals(42, seen[1]);
        assertSame(ingest, extended.kindOf(row, 0, row.length));
        assertSame(LineKinds.OTHER, view.kindOf(row, 0, row.length));
        assertEquals(FlowView.NO_FLOWS, view.visit(row, 0, row.length, 42, f -> { }));
        assertThrows(IllegalArgumentException.class, () -> LineKinds.standard().with(GraphPoll.KIND));
    }
}
