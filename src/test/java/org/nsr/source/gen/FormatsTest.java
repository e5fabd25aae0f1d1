package org.nsr.source.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nsr.record.LineBuffer;
import org.nsr.record.SortField;

class FormatsTest {
    private static final FlowRecord SEED_FLOW = new FlowRecord(1, 0, 1_704_067_200_000_000_000L,
            GenTesting.ip("192.168.1.10"), GenTesting.ip("10.0.0.1"), 54321, 443, 6, 15, 12000);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<FlowRecord> flows() throws Exception {
        return GenTesting.run(GeneratorConfig.defaults(), 3, 2000, 4, 1_000_000, SortField.TIMESTAMP, 50, 2)
                .stream().flatMap(List::stream).toList();
    }

    private static String write(OutputFormat format, boolean header, boolean pretty, List<FlowRecord> flows) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        GenerationStats stats = new GenerationStats(3);
        FlowWriter w = new FlowWriter(bytes, format.formatter(header, pretty), stats, null);
        w.begin();
        w.accept(flows);
        w.finish();
        assertEquals(flows.size(), stats.flows());
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void linesMatchTheSeedExamplesExactly() throws Exception {
        List<FlowRecord> one = List.of(SEED_FLOW);
        assertEquals("STREAM    TIMESTAMP               SRC_IP           SRC_PORT  DST_IP           DST_PORT  PROTO  PACKETS  BYTES\n"
                + "0x000001  1704067200.000000000    192.168.1.10     54321     10.0.0.1         443       6      15       12000\n",
                write(OutputFormat.TEXT, true, false, one));
        assertEquals("stream_id,timestamp,src_ip,dst_ip,src_port,dst_port,protocol,packet_count,byte_count\n"
                + "1,1704067200000000000,192.168.1.10,10.0.0.1,54321,443,6,15,12000\n",
                write(OutputFormat.CSV, true, false, one));
        assertEquals("""
                [
                  {
                    "stream_id": 1,
                    "timestamp": 1704067200000000000,
                    "src_ip": "192.168.1.10",
                    "dst_ip": "10.0.0.1",
                    "src_port": 54321,
                    "dst_port": 443,
                    "protocol": 6,
                    "packet_count": 15,
                    "byte_count": 12000
                  }
                ]
                """, write(OutputFormat.JSON, true, true, one));
        LineBuffer ndjson = new LineBuffer(64);
        SEED_FLOW.writeJson(ndjson);
        assertEquals("{\"stream_id\":1,\"timestamp\":1704067200000000000,\"src_ip\":\"192.168.1.10\",\"dst_ip\":\"10.0.0.1\","
                + "\"src_port\":54321,\"dst_port\":443,\"protocol\":6,\"packet_count\":15,\"byte_count\":12000}", ndjson.toString());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void csvReadsBackFieldForFieldWithARealCsvParser(boolean header) throws Exception {
        List<FlowRecord> flows = flows();
        List<List<String>> rows = CsvReader.parse(write(OutputFormat.CSV, header, false, flows));
        int offset = header ? 1 : 0;
        assertEquals(flows.size() + offset, rows.size());
        if (header) {
            assertEquals(List.of("stream_id", "timestamp", "src_ip", "dst_ip", "src_port", "dst_port", "protocol",
                    "packet_count", "byte_count"), rows.get(0));
        }
        for (int i = 0; i < flows.size(); i++) {
            FlowRecord f = flows.get(i);
            List<String> r = rows.get(i + offset);
            assertEquals(List.of(String.valueOf(f.streamId()), String.valueOf(f.timestampNanos()), dotted(f.srcIp()),
                    dotted(f.dstIp()), String.valueOf(f.srcPort()), String.valueOf(f.dstPort()),
                    String.valueOf(f.protocol()), String.valueOf(f.packetCount()), String.valueOf(f.byteCount())), r);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void jsonIsOneArrayThatJacksonReadsBack(boolean pretty) throws Exception {
        List<FlowRecord> flows = flows();
        JsonNode array = JSON.readTree(write(OutputFormat.JSON, true, pretty, flows));
        assertTrue(array.isArray());
        assertEquals(flows.size(), array.size());
        for (int i = 0; i < flows.size(); i++) {
            FlowRecord f = flows.get(i);
            JsonNode o = array.get(i);
            assertEquals(9, o.size());
            assertEquals(f.streamId(), o.get("stream_id").asInt());
            assertEquals(f.timestampNanos(), o.get("timestamp").asLong());
            assertEquals(dotted(f.srcIp()), o.get("src_ip").asText());
            assertEquals(dotted(f.dstIp()), o.get("dst_ip").asText());
            assertEquals(f.srcPort(), o.get("src_port").asInt());
            assertEquals(f.dstPort(), o.get("dst_port").asInt());
            assertEquals(f.protocol(), o.get("protocol").asInt());
            assertEquals(f.packetCount(), o.get("packet_count").asInt());
            assertEquals(f.byteCount(), o.get("byte_count").asLong());
        }
        assertEquals(0, JSON.readTree(write(OutputFormat.JSON, true, pretty, List.of())).size());
    }

    @Test
    void ndjsonLinesOfTheRecordContractParseToTheSameFields() throws Exception {
        for (FlowRecord f : flows()) {
            LineBuffer b = new LineBuffer(32);
            f.writeJson(b);
            JsonNode o = JSON.readTree(b.toString());
            assertEquals(f.byteCount(), o.get("byte_count").asLong());
            assertEquals(dotted(f.dstIp()), o.get("dst_ip").asText());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void textColumnsParseBackAndLineUp(boolean header) throws Exception {
        List<FlowRecord> flows = flows();
        String[] lines = write(OutputFormat.TEXT, header, false, flows).split("\n");
        int offset = header ? 1 : 0;
        assertEquals(flows.size() + offset, lines.length);
        for (int i = 0; i < flows.size(); i++) {
            FlowRecord f = flows.get(i);
            String line = lines[i + offset];
            String[] cols = line.split(" +");
            assertEquals(9, cols.length, line);
            assertEquals(f.streamId(), Integer.parseInt(cols[0].substring(2), 16));
            String[] ts = cols[1].split("\\.");
            assertEquals(9, ts[1].length());
            assertEquals(f.timestampNanos(), Long.parseLong(ts[0]) * 1_000_000_000L + Long.parseLong(ts[1]));
            assertEquals(dotted(f.srcIp()), cols[2]);
            assertEquals(f.srcPort(), Integer.parseInt(cols[3]));
            assertEquals(dotted(f.dstIp()), cols[4]);
            assertEquals(f.dstPort(), Integer.parseInt(cols[5]));
            assertEquals(f.protocol(), Integer.parseInt(cols[6]));
            assertEquals(f.packetCount(), Integer.parseInt(cols[7]));
            assertEquals(f.byteCount(), Long.parseLong(cols[8]));
            // fixed columns: the destination IP always starts at the same offset as in the header
            assertEquals(61, line.indexOf(cols[4], 44), line);
        }
    }

    @Test
    void summaryCountsStreamsAndProtocols() throws Exception {
        GenerationStats stats = new GenerationStats(3);
        List<FlowRecord> flows = flows();
        flows.forEach(stats::count);
        long tcp = flows.stream().filter(f -> f.protocol() == 6).count();
        String summary = stats.summary(2_000_000_000L, 4);
        assertTrue(summary.startsWith("generated 2000 flows in 2.000 s (1000 flows/s), 3 streams, seed 4"), summary);
        assertTrue(summary.contains("per stream: 1=667 2=667 3=666"), summary);
        assertTrue(summary.contains("tcp(6)=" + tcp), summary);
    }

    private static String dotted(long ip) {
        return ((ip >>> 24) & 0xFF) + "." + ((ip >>> 16) & 0xFF) + "." + ((ip >>> 8) & 0xFF) + "." + (ip & 0xFF);
    }
}
