package org.nsr.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nsr.record.codec.Ipv4;

class FilterTest {
    private static int ip(String s) {
        return (int) Ipv4.parseDotted(s);
    }

    private static boolean m(String expr, String src, String dst, int sp, int dp, int proto) throws Exception {
        return Filter.parse(expr).matches(ip(src), ip(dst), sp, dp, proto, 10, 1000);
    }

    @Test
    void protocolAndDestinationPortMatchOnlyThatTraffic() throws Exception {
        assertTrue(m("proto tcp and dst port 443", "10.0.0.1", "10.0.0.2", 50000, 443, 6));
        assertFalse(m("proto tcp and dst port 443", "10.0.0.1", "10.0.0.2", 443, 50000, 6));
        assertFalse(m("proto tcp and dst port 443", "10.0.0.1", "10.0.0.2", 50000, 443, 17));
        assertTrue(m("tcp dst port 443", "10.0.0.1", "10.0.0.2", 50000, 443, 6));
    }

    @Test
    void netMatchesEitherEndUnlessQualified() throws Exception {
        assertTrue(m("net 10.0.0.0/8", "192.168.1.1", "10.9.9.9", 1, 2, 6));
        assertFalse(m("src net 10.0.0.0/8", "192.168.1.1", "10.9.9.9", 1, 2, 6));
        assertTrue(m("dst net 10.0.0.0/8", "192.168.1.1", "10.9.9.9", 1, 2, 6));
        assertTrue(m("host 192.168.1.1", "192.168.1.1", "10.9.9.9", 1, 2, 6));
        assertFalse(m("dst ip 192.168.1.1", "192.168.1.1", "10.9.9.9", 1, 2, 6));
        assertTrue(m("net 0.0.0.0/0", "1.2.3.4", "5.6.7.8", 1, 2, 6));
    }

    @Test
    void notPortAndParenthesesFollowPrecedence() throws Exception {
        assertFalse(m("not port 53", "1.1.1.1", "2.2.2.2", 53, 1000, 17));
        assertTrue(m("not port 53", "1.1.1.1", "2.2.2.2", 54, 1000, 17));
        // and binds tighter than or
        assertTrue(m("udp or tcp and port 80", "1.1.1.1", "2.2.2.2", 1, 2, 17));
        assertFalse(m("(udp or tcp) and port 80", "1.1.1.1", "2.2.2.2", 1, 2, 17));
        assertTrue(m("!(port 22 || port 23) && proto 6", "1.1.1.1", "2.2.2.2", 1, 2, 6));
        assertTrue(m("portrange 1000-2000", "1.1.1.1", "2.2.2.2", 1, 1500, 6));
    }

    @Test
    void portsNeverMatchIcmpTypeAndCode() throws Exception {
        assertFalse(m("port 8", "1.1.1.1", "2.2.2.2", 8, 0, 1));
        assertTrue(m("icmp", "1.1.1.1", "2.2.2.2", 8, 0, 1));
    }

    @Test
    void countersCompareAndUnknownCountersNeverMatch() throws Exception {
        Filter f = Filter.parse("bytes > 999 and packets <= 10");
        assertTrue(f.matches(1, 2, 3, 4, 6, 10, 1000));
        assertFalse(f.matches(1, 2, 3, 4, 6, 11, 1000));
        assertFalse(f.matches(1, 2, 3, 4, 6, -1, -1));
    }

    @Test
    void emptyAndAnyMatchEverything() throws Exception {
        assertTrue(Filter.parse("").matchesAll());
        assertTrue(Filter.parse("  any ").matchesAll());
    }

    @Test
    void errorsNameTheColumnAndWhatWasExpected() {
        FilterSyntaxException e = assertThrows(FilterSyntaxException.class, () -> Filter.parse("proto tcp and dst port abc"));
        assertEquals(24, e.column());
        assertTrue(e.getMessage().startsWith("column 24: found 'abc'; expected a port 0-65535"), e.getMessage());
        assertTrue(e.getMessage().endsWith("\n  proto tcp and dst port abc\n                         ^"), e.getMessage());

        e = assertThrows(FilterSyntaxException.class, () -> Filter.parse("(tcp or udp"));
        assertEquals(12, e.column());
        assertTrue(e.getMessage().contains("expected ')' to close the '(' at column 1"), e.getMessage());

        e = assertThrows(FilterSyntaxException.class, () -> Filter.parse("net 10.0.0.1/8"));
        assertEquals(5, e.column());
        assertTrue(e.getMessage().contains("10.0.0.0/8"), e.getMessage());

        e = assertThrows(FilterSyntaxException.class, () -> Filter.parse("tcp and"));
        assertEquals(8, e.column());
        assertTrue(e.getMessage().contains("the expression ends; expected a filter term"), e.getMessage());

        e = assertThrows(FilterSyntaxException.class, () -> Filter.parse("src proto tcp"));
        assertEquals(5, e.column());

        e = assertThrows(FilterSyntaxException.class, () -> Filter.parse("tcp )"));
        assertEquals(5, e.column());
        assertTrue(e.getMessage().contains("closes nothing"), e.getMessage());

        e = assertThrows(FilterSyntaxException.class, () -> Filter.parse("port 1 & port 2"));
        assertEquals(8, e.column());
    }

    @Test
    void pinnedIpsBoundEveryMatchOrAreAbsent() throws Exception {
        assertEquals(List.of(new IpPin(Side.EITHER, ip("10.1.2.3"), 32)),
                Filter.parse("tcp and host 10.1.2.3").pinnedIps().orElseThrow());
        assertEquals(List.of(new IpPin(Side.SRC, ip("10.1.2.3"), 32), new IpPin(Side.DST, ip("10.0.0.0"), 8)),
                Filter.parse("src host 10.1.2.3 or (dst net 10.0.0.0/8 and port 80)").pinnedIps().orElseThrow());
        assertTrue(Filter.parse("host 10.1.2.3 or port 80").pinnedIps().isEmpty());
        assertTrue(Filter.parse("not host 10.1.2.3").pinnedIps().isEmpty());
        assertTrue(Filter.parse("tcp").pinnedIps().isEmpty());
        // the tighter side of an and is kept
        assertEquals(1, Filter.parse("(host 1.1.1.1 or host 2.2.2.2) and host 3.3.3.3").pinnedIps().orElseThrow().size());
    }
}
