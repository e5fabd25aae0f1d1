package org.nsr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.archive.ExternalTools;
import org.nsr.testing.JarProcess;
import org.nsr.testing.RecordingWriter;

/**
 * The packaged {@code nsr} cross-checked with the tools network people use: nfcapd/nfdump read
 * our IPFIX with the same counts and top talkers as {@code nsr query}; tcpdump and tshark read
 * our PCAP with the expected packets and good checksums.
 */
class FlowToolsIT {
    private static final String SEED = "42";

    @TempDir
    Path dir;

    /** Runs the packaged jar to the end; returns its stdout, failing on a non-zero exit. */
    private String nsr(String... args) throws Exception {
        Path log = Files.createTempFile(dir, "nsr", ".log");
        Path out = Files.createTempFile(dir, "nsr", ".out");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", JarProcess.jar().toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(log.toFile()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "nsr " + String.join(" ", args) + " did not finish");
        assertEquals(0, p.exitValue(), "nsr " + String.join(" ", args) + ":\n" + Files.readString(log));
        return Files.readString(out);
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void nfdumpReadsAMillionIpfixFlowsWithOurCountsTotalsAndTopTalkers() throws Exception {
        ExternalTools.requireTool("nfcapd", "nfdump");
        ExternalTools.requireTool("nfdump", "nfdump");
        Path capture = Files.createDirectory(dir.resolve("nfcapd"));
        Path nfLog = dir.resolve("nfcapd.log");
        int port = freeUdpPort();
        // -B: a 16 MB socket buffer, so a busy machine's scheduling does not drop paced datagrams
        Process nfcapd = new ProcessBuilder("nfcapd", "-w", capture.toString(), "-p", String.valueOf(port), "-b",
                "127.0.0.1", "-t", "3600", "-B", "16000000").redirectErrorStream(true)
                .redirectOutput(nfLog.toFile()).start();
        try {
            JarProcess.awaitCondition("nfcapd started", 30, () -> readQuietly(nfLog).contains("Startup"));
            nsr("generate", "-t", "1000000", "--seed", SEED, "-o", "ipfix", "--udp", "127.0.0.1:" + port);
        } finally {
            nfcapd.destroy(); // SIGTERM: nfcapd closes and renames its current file (the rotation)
            assertTrue(nfcapd.waitFor(30, TimeUnit.SECONDS), "nfcapd did not stop");
        }
        String nfLogText = readQuietly(nfLog);
        assertTrue(nfLogText.contains("Sequence Errors: 0"), nfLogText);
        Path file;
        try (Stream<Path> files = Files.list(capture)) {
            file = files.filter(f -> f.getFileName().toString().matches("nfcapd\\.\\d{12}")).findFirst().orElseThrow();
        }
        String info = ExternalTools.run("nfdump", "-r", file.toString(), "-I");
        long nfFlows = infoValue(info, "Flows");
        long nfPackets = infoValue(info, "Packets");
        long nfBytes = infoValue(info, "Bytes");
        assertEquals(1_000_000, nfFlows, info);

        // the same flows as a recording, through nsr query
        String json = nsr("generate", "-t", "1000000", "--seed", SEED, "-o", "json");
        List<String> lines = new ArrayList<>(1_000_000);
        for (String l : json.split("\n")) {
            if (l.startsWith("{")) {
                lines.add(l.endsWith(",") ? l.substring(0, l.length() - 1) : l);
            }
        }
        json = null;
        assertEquals(1_000_000, lines.size());
        Path recording = Files.createDirectory(dir.resolve("recording"));
        RecordingWriter.writeJson(recording, LocalDateTime.of(2024, 1, 1, 0, 0), "gen", lines);
        lines = null;
        String csv = nsr("query", recording.toString(), "--by", "src_ip", "--top", "0", "--format", "csv");
        List<String[]> rows = new ArrayList<>();
        for (String l : csv.split("\n")) {
            if (l.startsWith("generator,")) {
                rows.add(l.split(",", -1));
            }
        }
        long flows = 0;
        long packets = 0;
        long bytes = 0;
        for (String[] r : rows) {
            flows += Long.parseLong(r[5]);
            packets += Long.parseLong(r[6]);
            bytes += Long.parseLong(r[7]);
        }
        assertEquals(nfFlows, flows);
        assertEquals(nfPackets, packets);
        assertEquals(nfBytes, bytes);

        List<String> ours = new ArrayList<>();
        for (String[] r : rows.subList(0, 10)) {
            ours.add(r[2] + " " + r[7]);
        }
        List<String> theirs = new ArrayList<>();
        String top = ExternalTools.run("nfdump", "-r", file.toString(), "-q", "-o", "csv", "-s", "srcip/bytes", "-n", "10");
        for (String l : top.split("\n")) {
            String[] c = l.split(",");
            if (c.length > 9 && c[4].matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
                theirs.add(c[4] + " " + c[9]);
            }
        }
        assertEquals(ours, theirs, "top 10 source IPs by bytes: nsr query vs nfdump -s srcip/bytes");
    }

    @Test
    void tcpdumpAndTsharkReadOurPcapWithTheExpectedPacketsAndGoodChecksums() throws Exception {
        ExternalTools.requireTool("tcpdump", "tcpdump");
        ExternalTools.requireTool("tshark", "tshark");
        String csv = nsr("generate", "-t", "3000", "--seed", "5", "-o", "csv", "--no-header");
        long expected = 0;
        for (String l : csv.split("\n")) {
            expected += Math.min(4, Long.parseLong(l.split(",")[7]));
        }
        Path pcap = dir.resolve("flows.pcap");
        nsr("generate", "-t", "3000", "--seed", "5", "-o", "pcap", "--pcap-max-packets", "4", "--out", pcap.toString());

        Process tcpdump = new ProcessBuilder("tcpdump", "-n", "-r", pcap.toString()).start();
        String stdout = new String(tcpdump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(tcpdump.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(tcpdump.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, tcpdump.exitValue(), stderr);
        assertEquals(expected, stdout.lines().count());
        assertEquals(List.of("reading from file " + pcap + ", link-type EN10MB (Ethernet), snapshot length 65535"),
                stderr.lines().toList(), "tcpdump says nothing but what it reads");

        String frames = tshark(pcap, "-T", "fields", "-e", "frame.number");
        assertEquals(expected, frames.lines().count());
        String bad = tshark(pcap, "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o",
                "udp.check_checksum:TRUE", "-Y", "ip.checksum.status == 0 || tcp.checksum.status == 0 "
                        + "|| udp.checksum.status == 0 || icmp.checksum.status == 0");
        assertEquals("", bad, "frames with a bad checksum");
    }

    /** tshark's output; its stderr may hold only the warning about running as root. */
    private String tshark(Path pcap, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString()));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile(dir, "tshark", ".err");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(err));
        for (String l : Files.readAllLines(err)) {
            assertTrue(l.startsWith("Running as user \"root\""), "tshark warned: " + l);
        }
        return out;
    }

    private static long infoValue(String info, String key) {
        for (String l : info.split("\n")) {
            if (l.startsWith(key + ":")) {
                return Long.parseLong(l.substring(key.length() + 1).trim());
            }
        }
        throw new AssertionError(key + " not in nfdump -I output:\n" + info);
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }
}
