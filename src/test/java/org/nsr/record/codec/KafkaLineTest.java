package org.nsr.record.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.nsr.record.LineBuffer;

/** The line the Kafka source writes: the value with its topic/partition/offset in front. */
class KafkaLineTest {
    private static final long NOW = 1_764_633_600_000_000_000L;

    private static String line(String value) {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        LineBuffer out = new LineBuffer(64);
        KafkaLine.write(out, "nsr.flows", 3, 17, v, KafkaLine.timestampOf(v, NOW));
        return out.toString();
    }

    @Test
    void aRecordedLineKeepsItsOwnTimestampAndGainsItsPosition() {
        String v = "{\"stream_id\":1,\"timestamp\":1764633600123456789,\"src_ip\":\"10.0.0.1\"}";
        String l = line(v);
        assertEquals("{\"kafka\":\"nsr.flows/3/17\",\"stream_id\":1,\"timestamp\":1764633600123456789,"
                + "\"src_ip\":\"10.0.0.1\"}", l);
        byte[] b = l.getBytes(StandardCharsets.UTF_8);
        assertEquals(1764633600123456789L, JsonScan.timestampNanos(b, 0, b.length));
        assertEquals("nsr.flows/3/17", KafkaLine.position(b, 0, b.length));
    }

    @Test
    void anObjectWithoutATimestampGetsTheReceiveTime() {
        assertEquals("{\"kafka\":\"nsr.flows/3/17\",\"timestamp\":" + NOW + ",\"a\":1}", line("{\"a\":1}"));
        assertEquals("{\"kafka\":\"nsr.flows/3/17\",\"timestamp\":" + NOW + "}", line("{ }"));
    }

    @Test
    void aValueThatIsNotAOneLineObjectIsKeptAsAnEscapedString() {
        assertEquals("{\"kafka\":\"nsr.flows/3/17\",\"timestamp\":" + NOW + ",\"kafka_value\":\"a \\\"b\\\"\\\\\"}",
                line("a \"b\"\\"));
        assertEquals("{\"kafka\":\"nsr.flows/3/17\",\"timestamp\":" + NOW
                + ",\"kafka_value\":\"{\\u000a\\\"a\\\":1}\"}", line("{\n\"a\":1}"), "no raw newline in a line");
    }
}
