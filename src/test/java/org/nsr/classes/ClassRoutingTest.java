package org.nsr.classes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nsr.config.ClassMatch;
import org.nsr.config.ClassMatch.Cidr;
import org.nsr.config.StorageClasses;
import org.nsr.config.StorageClasses.StorageClass;
import org.nsr.record.LineBuffer;
import org.nsr.record.Record;
import org.nsr.record.codec.Ipv4;
import org.nsr.source.gen.FlowRecord;

class ClassRoutingTest {
    private static final int UDP = 17;
    private static final int TCP = 6;

    /** dns (udp, port 53, precedence 10) before lan (10.0.0.0/8, precedence 5) before the catch-all. */
    private static final StorageClasses CLASSES = new StorageClasses(List.of(
            new StorageClass("dns", new ClassMatch(UDP, 53, -1, -1, null, null, null), 10, 0, null, -1),
            new StorageClass("lan", new ClassMatch(-1, -1, -1, -1, new Cidr(ip("10.0.0.0"), 8), null, null),
                    5, 0, null, -1),
            new StorageClass("default", null, 0, 0, null, -1)));

    static int ip(String dotted) {
        return (int) Ipv4.parseDotted(dotted);
    }

    static FlowRecord flow(long ts, String src, int srcPort, String dst, int dstPort, int protocol) {
        return new FlowRecord(0, ts, ts, ip(src), ip(dst), srcPort, dstPort, protocol, 1, 100);
    }

    /** A record that is just the given line: an NDTwin poll, a graph poll. */
    record LineRecord(long timestampNanos, String json) implements Record {
        @Override
        public void writeJson(LineBuffer out) {
            out.appendAscii(json);
        }
    }

    private final ClassRouting routing = new ClassRouting(CLASSES);

    @Test
    void aFlowGoesToTheHighestPrecedenceClassItMatches() {
        // a DNS query inside 10/8 matches both dns and lan: dns has the higher precedence
        assertEquals(0, routing.laneOf(flow(1, "10.0.0.5", 40000, "10.0.0.1", 53, UDP)));
        // the answer, the other direction, too: "port" is either end
        assertEquals(0, routing.laneOf(flow(2, "10.0.0.1", 53, "10.0.0.5", 40000, UDP)));
        // TCP to port 53 is no DNS class flow here, but it is inside 10/8
        assertEquals(1, routing.laneOf(flow(3, "10.0.0.5", 40000, "10.0.0.1", 53, TCP)));
        // neither: the catch-all
        assertEquals(2, routing.laneOf(flow(4, "192.168.1.5", 40000, "8.8.4.4", 443, TCP)));
    }

    @Test
    void aRecordWithoutFlowsGoesToTheCatchAll() {
        assertEquals(2, routing.laneOf(new LineRecord(5, "{\"timestamp\":5,\"nodes\":[],\"edges\":[]}")));
        assertEquals(2, routing.laneOf(new LineRecord(6, "{\"timestamp\":6,\"error\":\"HTTP 500\"}")));
    }

    private static String ndtwinFlow(String src, int srcPort, String dst, int dstPort, int protocol) {
        return "{\"src_ip\":" + (Integer.reverseBytes(ip(src)) & 0xFFFFFFFFL) + ",\"src_port\":" + srcPort
                + ",\"dst_ip\":" + (Integer.reverseBytes(ip(dst)) & 0xFFFFFFFFL) + ",\"dst_port\":" + dstPort
                + ",\"protocol_id\":" + protocol + "}";
    }

    @Test
    void aPollOfManyFlowsGoesToAClassOnlyWhenItTakesEveryFlow() {
        String inside = ndtwinFlow("10.0.0.5", 40000, "10.0.0.9", 443, TCP);
        String dns = ndtwinFlow("10.0.0.5", 40001, "10.0.0.1", 53, UDP);
        String outside = ndtwinFlow("192.168.1.5", 40000, "8.8.8.8", 443, TCP);
        // both flows are inside 10/8; only one is DNS: lan takes the poll
        assertEquals(1, routing.laneOf(new LineRecord(7, "{\"timestamp\":7,\"flowinfo\":[" + inside + "," + dns + "]}")));
        // one flow is outside every class: the poll stays whole with the catch-all
        assertEquals(2, routing.laneOf(new LineRecord(8, "{\"timestamp\":8,\"flowinfo\":[" + inside + "," + outside
                + "]}")));
        // a poll of DNS flows only goes to dns
        assertEquals(0, routing.laneOf(new LineRecord(9, "{\"timestamp\":9,\"flowinfo\":[" + dns + "]}")));
    }

    @Test
    void srcAndDstKeysMatchOneEndOnly() {
        ClassMatch toWeb = new ClassMatch(-1, -1, -1, 443, null, new Cidr(ip("192.168.0.0"), 16), null);
        org.nsr.record.codec.Flow f = new org.nsr.record.codec.Flow();
        f.fill(null, 0, ip("192.168.1.5"), ip("8.8.8.8"), 40000, 443, TCP, 1, 1, 0, 0);
        assertEquals(true, ClassRouting.matches(toWeb, f));
        f.fill(null, 0, ip("8.8.8.8"), ip("192.168.1.5"), 443, 40000, TCP, 1, 1, 0, 0);
        assertEquals(false, ClassRouting.matches(toWeb, f), "the answer's source is not in 192.168/16");
    }
}
