package org.nsr.record.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The csv_row flow, read in one pass over the row, is the flow a lookup per key reads. */
class CsvRowLineTest {

    /** The flow (or MALFORMED / NOT_THIS_KIND) the line gives, as text. */
    private static String onePass(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        List<String> seen = new ArrayList<>();
        int n = CsvRowLine.KIND.flows(b, 0, b.length, 7, new Flow(), f -> seen.add(text(f)));
        return n == 1 ? seen.get(0) : "result " + n;
    }

    private static String text(Flow f) {
        return f.srcIp() + ":" + f.srcPort() + ">" + f.dstIp() + ":" + f.dstPort() + "/" + f.protocol() + " p="
                + f.packets() + " b=" + f.bytes() + " t=" + f.timeNanos();
    }

    /** The reading it replaced, kept as the oracle: each member looked up by key from the row's start. */
    private static String perKey(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        int v = JsonScan.valueStart(b, 0, b.length, JsonScan.key("csv_row"));
        if (v < 0 || b[v] != '{') {
            return "result " + LineKind.NOT_THIS_KIND;
        }
        int to = JsonScan.valueEnd(b, v, b.length);
        if (to < 0) {
            return "result " + LineKind.MALFORMED;
        }
        long src = ip(b, v, to, "source_ip");
        long dst = ip(b, v, to, "dest_ip");
        if (src < 0 || dst < 0) {
            return "result " + LineKind.MALFORMED;
        }
        return text(new Flow().fill(CsvRowLine.KIND, 7, (int) src, (int) dst, (int) number(b, v, to, "source_port"),
                (int) number(b, v, to, "dest_port"), protocol(b, v, to),
                sum(b, v, to, "packets_sent", "packets_received"), sum(b, v, to, "bytes_sent", "bytes_received"),
                Double.NaN, Double.NaN));
    }

    private static long ip(byte[] b, int from, int to, String key) {
        int v = JsonScan.valueStart(b, from, to, JsonScan.key(key));
        if (v < 0 || b[v] != '"') {
            return -1;
        }
        int close = JsonScan.stringEnd(b, v, to);
        return close < 0 ? -1 : Ipv4.parseDotted(b, v + 1, close);
    }

    private static long number(byte[] b, int from, int to, String key) {
        int v = JsonScan.valueStart(b, from, to, JsonScan.key(key));
        if (v < 0) {
            return Flow.UNKNOWN;
        }
        long n = JsonScan.integerValue(b, v, JsonScan.valueEnd(b, v, to));
        return n == JsonScan.NOT_AN_INTEGER || n < 0 ? Flow.UNKNOWN : n;
    }

    private static long sum(byte[] b, int from, int to, String a, String c) {
        long x = number(b, from, to, a);
        long y = number(b, from, to, c);
        return x < 0 || y < 0 ? Flow.UNKNOWN : x + y;
    }

    private static int protocol(byte[] b, int from, int to) {
        int v = JsonScan.valueStart(b, from, to, JsonScan.key("protocol"));
        if (v < 0) {
            return Flow.UNKNOWN;
        }
        if (b[v] != '"') {
            return (int) number(b, from, to, "protocol");
        }
        int close = JsonScan.stringEnd(b, v, to);
        if (close < 0) {
            return Flow.UNKNOWN;
        }
        String p = new String(b, v + 1, close - v - 1, StandardCharsets.UTF_8);
        return switch (p.toUpperCase(java.util.Locale.ROOT)) {
            case "TCP" -> 6;
            case "UDP" -> 17;
            case "ICMP" -> 1;
            default -> Flow.UNKNOWN;
        };
    }

    private static final String ROW = "{\"timestamp\":\"2024-01-15T10:00:00.04\",\"source_ip\":\"192.168.117.176\","
            + "\"dest_ip\":\"10.0.196.181\",\"source_port\":43632,\"dest_port\":80,\"protocol\":\"UDP\","
            + "\"packet_size\":470,\"flags\":null,\"response_time_ms\":580.84,\"nested\":{\"a\":[1,{\"b\":\"}\"}]},"
            + "\"bytes_sent\":490096,\"bytes_received\":913623,\"packets_sent\":1,\"packets_received\":121,"
            + "\"is_attack\":false,\"user_agent\":\"curl/8.0 \\\"x\\\"\"}";

    private static String line(String row) {
        return "{\"timestamp\":1796191098131235150,\"redis_id\":\"1796191092546-0\",\"csv_row\":" + row + "}";
    }

    @Test
    void aWholeRowGivesItsFlowAsTheLookupPerKeyDid() {
        assertEquals("-1062701648:43632>167822517:80/17 p=122 b=1403719 t=7", onePass(line(ROW)));
        assertEquals(perKey(line(ROW)), onePass(line(ROW)));
    }

    @Test
    void reorderedRepeatedMissingAndMalformedMembersAgreeWithTheLookupPerKey() {
        List<String> rows = List.of(
                "{\"dest_ip\":\"10.0.0.1\",\"packets_received\":2,\"source_ip\":\"1.2.3.4\",\"protocol\":6}",
                "{\"source_ip\":\"1.2.3.4\",\"source_ip\":\"5.6.7.8\",\"dest_ip\":\"10.0.0.1\",\"dest_port\":9,"
                        + "\"dest_port\":10}",
                "{ \"source_ip\" : \"1.2.3.4\" ,\n\t\"dest_ip\":\"10.0.0.1\" , \"protocol\" : \"tcp\" }",
                "{\"source_ip\":\"999.999.999.999\",\"dest_ip\":\"10.0.0.1\"}",
                "{\"source_ip\":\"corrupted\",\"dest_ip\":\"10.0.0.1\"}",
                "{\"source_ip\":\"1.2.3.4\",\"dest_ip\":\"10.0.0.1\",\"bytes_sent\":-1,\"bytes_received\":5}",
                "{\"source_ip\":\"1.2.3.4\",\"dest_ip\":\"10.0.0.1\",\"source_port\":null,\"protocol\":\"ICMP\"}",
                "{\"source_ip\":\"1.2.3.4\",\"dest_ip\":\"10.0.0.1\",\"bad\" 1,\"source_port\":5}",
                "{\"source_ip\":\"1.2.3.4\",\"bad\":,\"dest_ip\":\"10.0.0.1\"}",
                "{\"source_ip\":\"1.2.3.4\",\"dest_ip\":\"10.0.0.1\",\"source_port\":1.5,\"dest_port\":\"80\"}",
                "{\"source\\u005fip\":\"1.2.3.4\",\"dest_ip\":\"10.0.0.1\"}",
                "{}", "[1]", "{\"source_ip\":\"1.2.3.4\"", ROW);
        for (String row : rows) {
            assertEquals(perKey(line(row)), onePass(line(row)), row);
        }
    }

    @Test
    void randomMutationsOfARowNeverMakeTheTwoReadingsDisagree() {
        Random random = new Random(14);
        byte[] junk = "\"{}[],: \\0a-".getBytes(StandardCharsets.US_ASCII);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder row = new StringBuilder(ROW);
            for (int k = random.nextInt(3) + 1; k > 0; k--) {
                int at = random.nextInt(row.length());
                switch (random.nextInt(3)) {
                    case 0 -> row.deleteCharAt(at);
                    case 1 -> row.insert(at, (char) junk[random.nextInt(junk.length)]);
                    default -> row.setCharAt(at, (char) junk[random.nextInt(junk.length)]);
                }
            }
            String l = line(row.toString());
            assertEquals(perKey(l), onePass(l), l);
        }
    }

    /**
     * The walk no longer stops at the last flow member: it goes on to the row's closing brace, so
     * the row is not scanned a second time for its end. Junk after the flow members (in bare
     * values, strings, nested values, or the brace itself) must still decide MALFORMED exactly as
     * the scan by brackets did.
     */
    @Test
    void mutationsAfterTheFlowMembersStillDecideWhetherTheRowIsMalformedAsTheBracketScanDid() {
        Random random = new Random(11);
        byte[] junk = "\"{}[],: \\0a-".getBytes(StandardCharsets.US_ASCII);
        int tail = ROW.indexOf("\"packets_received\"") + "\"packets_received\":121".length();
        int malformed = 0;
        for (int round = 0; round < 20_000; round++) {
            StringBuilder row = new StringBuilder(ROW);
            for (int k = random.nextInt(2) + 1; k > 0; k--) {
                int at = tail + random.nextInt(row.length() - tail);
                switch (random.nextInt(3)) {
                    case 0 -> row.deleteCharAt(at);
                    case 1 -> row.insert(at, (char) junk[random.nextInt(junk.length)]);
                    default -> row.setCharAt(at, (char) junk[random.nextInt(junk.length)]);
                }
            }
            String l = line(row.toString());
            String expected = perKey(l);
            assertEquals(expected, onePass(l), l);
            if (expected.equals("result " + LineKind.MALFORMED)) {
                malformed++;
            }
        }
        assertTrue(malformed > 1000, "the mutations made rows malformed: " + malformed);
        String cut = "{\"timestamp\":1,\"csv_row\":" + ROW.substring(0, tail) + ",\"user_agent\":\"x";
        assertEquals("result " + LineKind.MALFORMED, onePass(cut), "a line cut after the row's flow");
        assertEquals(perKey(cut), onePass(cut));
    }
}
