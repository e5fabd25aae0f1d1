package org.nsr.record.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GeneratorFlowLineTest {
    private final Flow flow = new Flow();

    private boolean read(String line) {
        byte[] b = ("xx" + line + "yy").getBytes(StandardCharsets.UTF_8);
        return GeneratorFlowLine.read(b, 2, b.length - 4, flow);
    }

    @Test
    void theGeneratorLineShapeIsReadFieldByField() {
        assertTrue(read("{\"stream_id\":1,\"timestamp\":1755856800123456789,\"src_ip\":\"192.168.1.10\","
                + "\"dst_ip\":\"10.0.0.1\",\"src_port\":54321,\"dst_port\":443,\"protocol\":6,\"packet_count\":15,"
                + "\"byte_count\":12000}"));
        assertEquals("192.168.1.10", Ipv4.dotted(flow.srcIp()));
        assertEquals("10.0.0.1", Ipv4.dotted(flow.dstIp()));
        assertEquals(54321, flow.srcPort());
        assertEquals(443, flow.dstPort());
        assertEquals(6, flow.protocol());
        assertEquals(15, flow.packets());
        assertEquals(12000, flow.bytes());
        assertTrue(Double.isNaN(flow.bitsPerSecond()));
    }

    @Test
    void keyOrderAndWhitespaceDoNotMatterButUnknownKeysAreSkipped() {
        assertTrue(read("{ \"byte_count\" : 7 , \"extra\":{\"src_ip\":\"1.1.1.1\"}, \"packet_count\":2,"
                + "\"dst_ip\":\"2.2.2.2\",\"src_ip\":\"3.3.3.3\",\"note\":[1,\"}\"]}"));
        assertEquals("3.3.3.3", Ipv4.dotted(flow.srcIp()));
        assertEquals(-1, flow.protocol());
        assertEquals(7, flow.bytes());
    }

    @Test
    void otherRecordsAreNotGeneratorFlows() {
        assertFalse(read("{\"timestamp\":1755856800123,\"flowinfo\":[]}"));
        assertFalse(read("{\"src_ip\":\"fe80::1\",\"dst_ip\":\"10.0.0.1\",\"packet_count\":1,\"byte_count\":1}"));
        assertFalse(read("{\"src_ip\":\"1.2.3.4\",\"dst_ip\":\"10.0.0.1\",\"packet_count\":1,\"byte_count\":1.5}"));
        assertFalse(read("{\"src_ip\":\"1.2.3.4\",\"dst_ip\":\"10.0.0.1\",\"packet_count\":1,\"byte_count\":"));
        assertFalse(read("not json"));
    }
}
