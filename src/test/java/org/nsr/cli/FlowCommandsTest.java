package org.nsr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.export.ExportDecoding;
import org.nsr.testing.RecordingWriter;

/** query and replay with --filter, query --by src_ip, replay --ipfix, through {@link Main#run}. */
class FlowCommandsTest {
    static final LocalDateTime T0 = LocalDateTime.of(2025, 8, 22, 10, 0, 0);
    static final long T0_MS = T0.toInstant(ZoneOffset.UTC).toEpochMilli();

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    private static synchronized Result nsr(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            System.out.flush();
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** 100 generator flows: src 192.168.1.(i%5), dst port 443 for even i, 53/udp for odd i. */
    private void recording() throws Exception {
        List<String> gen = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            boolean web = i % 2 == 0;
            gen.add(RecordingWriter.generatorLine(1, (T0_MS + i) * 1_000_000L, "192.168.1." + (i % 5), "10.0.0.9",
                    40000 + i, web ? 443 : 53, web ? 6 : 17, 2, 100L * (i + 1)));
        }
        RecordingWriter.writeJson(dir, T0, "gen", gen);
        // 10.0.0.1 -> 10.0.0.2 port 443, 8000 bps and 3 pps, in NDTwin's little-endian IPs
        String flow = RecordingWriter.ndtwinFlow(Integer.toUnsignedLong(Integer.reverseBytes(0x0A000001)),
                Integer.toUnsignedLong(Integer.reverseBytes(0x0A000002)), 5555, 443, 6, 8000, 3);
        RecordingWriter.writeJson(dir, T0, "flowinfo", List.of(RecordingWriter.flowinfoLine(T0_MS + 500, "[" + flow + "]")));
    }

    @Test
    void queryFilterAndBySrcIpGiveTopTalkersOfTheMatchingFlows() throws Exception {
        recording();
        Result r = nsr("query", dir.toString(), "--source", "gen", "--filter", "tcp and dst port 443", "--by", "src_ip",
                "--format", "csv");
        assertEquals(0, r.code(), r.err());
        List<String> rows = r.out().lines().filter(l -> l.startsWith("generator,")).toList();
        // the 50 even i (tcp/443): src 192.168.1.(i%5), 10 flows each
        assertEquals(5, rows.size(), r.out());
        long total = 0;
        for (int i = 0; i < 100; i += 2) {
            total += 100L * (i + 1);
        }
        assertEquals(total, rows.stream().mapToLong(l -> Long.parseLong(l.split(",")[7])).sum());
        // i = 8, 18, ..., 98 have the most bytes: 100 * (9 + 19 + ... + 99) = 54000
        assertEquals("generator,,192.168.1.3,,,10,20,54000,,,,,", rows.get(0));
        assertTrue(r.err().contains("filtered out: 50"), r.err());
    }

    @Test
    void replayFilterPassesOnlyRecordsWithAMatchingFlow() throws Exception {
        recording();
        Result r = nsr("replay", dir.toString(), "--as-fast-as-possible", "--filter", "udp");
        assertEquals(0, r.code(), r.err());
        assertEquals(50, r.out().lines().count());
        assertTrue(r.out().lines().allMatch(l -> l.contains("\"protocol\":17")), r.out());
        assertTrue(r.err().contains("--filter passed 50 records, dropped 51 with no matching flow"), r.err());
        Result bad = nsr("replay", dir.toString(), "--filter", "port 99999");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--filter: column 6"), bad.err());
    }

    @Test
    void replayIpfixSendsGeneratorFlowsAndTheSnapshotRule() throws Exception {
        recording();
        try (DatagramSocket collector = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            collector.setSoTimeout(500);
            Result r = nsr("replay", dir.toString(), "--as-fast-as-possible", "--filter", "dst port 443",
                    "--ipfix", "127.0.0.1:" + collector.getLocalPort());
            assertEquals(0, r.code(), r.err());
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[65536];
            while (true) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    collector.receive(p);
                } catch (SocketTimeoutException e) {
                    break; // everything was sent before replay returned
                }
                all.write(buf, 0, p.getLength());
            }
            List<ExportDecoding.Decoded> d = ExportDecoding.ipfix(ByteBuffer.wrap(all.toByteArray()));
            assertEquals(51, d.size(), r.err());
            ExportDecoding.Decoded snap = d.stream().filter(x -> x.src() == 0x0A000001L).findFirst().orElseThrow();
            assertEquals(3, snap.packets());
            assertEquals(1000, snap.bytes());
            assertEquals(T0_MS + 500 - 1000, snap.startMillis());
            assertEquals(T0_MS + 500, snap.endMillis());
            ExportDecoding.Decoded g = d.stream().filter(x -> x.src() == 0xC0A80102L).findFirst().orElseThrow();
            assertEquals(T0_MS + 2, g.startMillis());
            assertEquals(300, g.bytes());
            assertTrue(r.err().contains("exported 50 generator flows and 1 snapshot flows"), r.err());
        }
    }
}
