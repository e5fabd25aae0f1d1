package org.nsr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.record.codec.Ipv4;
import org.nsr.testing.RecordingWriter;

/** {@code nsr index} and {@code nsr lookup} through {@link Main#run}, and query/replay --ip with the index. */
class IndexCommandsTest {
    static final LocalDateTime T0 = LocalDateTime.of(2025, 8, 22, 10, 0, 0);
    static final long T0_MS = T0.toInstant(ZoneOffset.UTC).toEpochMilli();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;
    private final List<String[]> flows = new ArrayList<>(); // proto, src, sport, dst, dport

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    private int run(String... args) {
        stdout.reset();
        stderr.reset();
        return Main.run(args);
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    /** 12 generator files and 4 files of the original Python recorder's flowinfo polls, no index. */
    private void writeRecording() throws Exception {
        Random rnd = new Random(9);
        for (int f = 0; f < 12; f++) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                long ns = (T0_MS + f * 60_000L + i * 200L) * 1_000_000L;
                String src = "192.168.1." + rnd.nextInt(20);
                String dst = "10.0.0." + rnd.nextInt(8);
                int sport = 1000 + rnd.nextInt(50);
                int dport = rnd.nextBoolean() ? 443 : 53;
                int proto = dport == 53 ? 17 : 6;
                lines.add(RecordingWriter.generatorLine(i, ns, src, dst, sport, dport, proto, 3, 300));
                flows.add(new String[] {proto == 6 ? "tcp" : "udp", src, "" + sport, dst, "" + dport});
            }
            RecordingWriter.writeZip(dir, T0.plusMinutes(f), "gen", lines);
        }
        for (int f = 0; f < 4; f++) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                List<String> entries = new ArrayList<>();
                for (int e = 0; e < 5; e++) {
                    int a = (int) Ipv4.parseDotted("192.168.1." + rnd.nextInt(20));
                    int b = (int) Ipv4.parseDotted("10.0.0." + rnd.nextInt(8));
                    int sport = 2000 + rnd.nextInt(10);
                    entries.add(RecordingWriter.ndtwinFlow(Integer.toUnsignedLong(Integer.reverseBytes(a)),
                            Integer.toUnsignedLong(Integer.reverseBytes(b)), sport, 80, 6, 1000, 1));
                    flows.add(new String[] {"tcp", Ipv4.dotted(a), "" + sport, Ipv4.dotted(b), "80"});
                }
                lines.add(RecordingWriter.flowinfoLine(T0_MS + f * 60_000L + i * 5_000L, "[" + String.join(",", entries)
                        + "]"));
            }
            RecordingWriter.writeJson(dir, T0.plusMinutes(f), "flowinfo", lines);
        }
    }

    private String keyOf(String index, String[] fl) {
        return switch (index) {
            case "connection4" -> fl[0] + " " + fl[3] + ":" + fl[4] + " " + fl[1] + ":" + fl[2]; // reversed on purpose
            case "connection3" -> fl[0] + " " + fl[1] + " " + fl[3] + ":" + fl[4];
            case "connection2" -> fl[3] + " " + fl[1];
            default -> fl[1];
        };
    }

    @Test
    void anIndexBuiltAfterTheFactGivesLookupsEqualToFullScansOnRandomKeys() throws Exception {
        writeRecording();
        assertEquals(0, run("index", dir.toString()), err());
        assertTrue(out().startsWith("indexed 16 of 16 recording files"), out());
        assertEquals(0, run("index", dir.toString(), "--check"), out());
        assertTrue(out().contains("index ok"), out());
        Random rnd = new Random(3);
        String[] kinds = {"connection4", "connection3", "connection2", "ip"};
        for (int i = 0; i < 40; i++) {
            String[] fl = flows.get(rnd.nextInt(flows.size()));
            String kind = kinds[rnd.nextInt(kinds.length)];
            String key = keyOf(kind, fl);
            assertEquals(0, run("lookup", dir.toString(), kind, key, "--explain"), err());
            String indexed = out();
            String explain = err();
            assertEquals(0, run("lookup", dir.toString(), kind, key, "--no-index"), err());
            assertFalse(indexed.isEmpty(), kind + " " + key);
            assertEquals(out(), indexed, kind + " " + key);
            assertTrue(explain.contains("recording files opened") && explain.contains("of 16"), explain);
        }
        // a connection4 key opens only the files it lies in
        String[] fl = flows.get(0);
        run("lookup", dir.toString(), "connection4", keyOf("connection4", fl), "--explain");
        assertFalse(err().contains("opened 16 of 16"), err());
        assertEquals(0, run("lookup", dir.toString(), "connection4", keyOf("connection4", fl), "--intervals"));
        assertTrue(out().contains("2025_08_22_10-00-00_gen_json.zip"), out());
    }

    @Test
    void aLookupOverAStoreOfSeveralRecordersMergesTheirAnswersByTime() throws Exception {
        // two recorders of one group, each its own directory; their flows of one host interleave in time
        List<String> expected = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            Path recorder = Files.createDirectories(dir.resolve("store/recorder-" + r));
            for (int f = 0; f < 3; f++) {
                List<String> lines = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    long ns = (T0_MS + f * 60_000L + i * 100L + r * 50L) * 1_000_000L;
                    String src = i % 4 == 0 ? "10.9.9.9" : "192.168.1." + i % 7;
                    String line = RecordingWriter.generatorLine(r * 1000 + i, ns, src, "10.0.0.1", 1000 + i, 443, 6, 3,
                            300);
                    lines.add(line);
                    if (src.equals("10.9.9.9")) {
                        expected.add(ns + " " + line);
                    }
                }
                RecordingWriter.writeZip(recorder, T0.plusMinutes(f), "gen", lines);
            }
            assertEquals(0, run("index", recorder.toString()), err());
        }
        expected.sort(Comparator.comparingLong(l -> Long.parseLong(l.substring(0, l.indexOf(' ')))));
        String want = String.join("\n", expected.stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList()) + "\n";
        assertEquals(0, run("lookup", dir.resolve("store").toString(), "ip", "10.9.9.9"), err());
        assertEquals(want, out(), "both recorders' records, one time order");
        assertEquals(0, run("lookup", dir.resolve("store").toString(), "ip", "10.9.9.9", "--no-index"), err());
        assertEquals(want, out(), "the full scan gives the same answer");
    }

    @Test
    void theOriginalRecordersFlowinfoPollsAreIndexedAndPrintedOneEntryALine() throws Exception {
        writeRecording();
        assertEquals(0, run("index", dir.toString()));
        String[] fl = flows.stream().filter(f -> f[4].equals("80")).findFirst().orElseThrow();
        assertEquals(0, run("lookup", dir.toString(), "connection4", keyOf("connection4", fl)));
        List<String> lines = out().lines().toList();
        assertFalse(lines.isEmpty());
        for (String line : lines) {
            assertTrue(line.startsWith("{\"timestamp\":" + T0_MS / 100_000 / 10) || line.startsWith("{\"timestamp\":"),
                    line);
            assertEquals(1, line.split("\"src_port\"", -1).length - 1, "one flow entry a line: " + line);
        }
    }

    @Test
    void badKeysAndIndexesExit2NamingTheIndexAndTheExpectedForm() throws Exception {
        writeRecording();
        assertEquals(2, run("lookup", dir.toString(), "connection4", "tcp 10.0.0.5:443"));
        assertTrue(err().contains("connection4 key 'tcp 10.0.0.5:443' is missing the second endpoint; expected "
                + "'PROTO IP:PORT IP:PORT'"), err());
        assertEquals(2, run("lookup", dir.toString(), "conn5", "x"));
        assertTrue(err().contains("INDEX: 'conn5' is not an index; expected one of connection4, connection3, "
                + "connection2, ip"), err());
        assertFalse(err().contains("Exception"), err());
    }

    @Test
    void queryAndReplayWithAPinnedIpGiveTheSameAnswerWithTheIndexAsWithout() throws Exception {
        writeRecording();
        String ip = flows.get(5)[1];
        assertEquals(0, run("query", dir.toString(), "--ip", ip, "--by", "flow", "--top", "0"));
        String queryWithout = withoutScanCounts(out());
        assertEquals(0, run("replay", dir.toString(), "--ip", ip, "--as-fast-as-possible"));
        String replayWithout = out();
        assertEquals(0, run("index", dir.toString()));
        assertEquals(0, run("query", dir.toString(), "--ip", ip, "--by", "flow", "--top", "0"));
        assertEquals(queryWithout, withoutScanCounts(out()));
        assertEquals(0, run("replay", dir.toString(), "--ip", ip, "--as-fast-as-possible"));
        assertEquals(replayWithout, out());
        assertFalse(replayWithout.isEmpty());
        replayWithout.lines().forEach(l -> assertTrue(l.contains(ip) || l.contains("flowinfo"), l));
    }

    @Test
    void filtersThatPinHostsUseTheIndexAndGiveTheSameAnswersOnRandomKeys() throws Exception {
        writeRecording();
        Random rnd = new Random(17);
        List<String> filters = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String[] a = flows.get(rnd.nextInt(flows.size()));
            String[] b = flows.get(rnd.nextInt(flows.size()));
            filters.add(switch (i % 3) {
                case 0 -> "host " + a[1];
                case 1 -> "src host " + a[1] + " or dst host " + b[3];
                default -> "tcp and (host " + a[3] + " or host 192.168.9.9)";
            });
        }
        filters.add("host 172.31.0.1"); // in no flow
        List<String> without = new ArrayList<>();
        for (String f : filters) {
            assertEquals(0, run("query", dir.toString(), "--filter", f, "--by", "flow", "--top", "0"), f);
            without.add(withoutScanCounts(out()));
            assertEquals(0, run("replay", dir.toString(), "--filter", f, "--as-fast-as-possible"), f);
            without.add(out());
        }
        assertEquals(0, run("index", dir.toString()));
        List<String> with = new ArrayList<>();
        boolean fewerFiles = false;
        for (String f : filters) {
            assertEquals(0, run("query", dir.toString(), "--filter", f, "--by", "flow", "--top", "0"), f);
            with.add(withoutScanCounts(out()));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("files scanned: (\\d+)").matcher(out());
            assertTrue(m.find(), out());
            fewerFiles |= Integer.parseInt(m.group(1)) < 16;
            assertEquals(0, run("replay", dir.toString(), "--filter", f, "--as-fast-as-possible"), f);
            with.add(out());
        }
        assertEquals(without, with);
        assertTrue(fewerFiles, "the index left files unread for some pinned filter");
    }

    private static String withoutScanCounts(String s) {
        return String.join("\n", s.lines().filter(l -> !l.contains("scanned") && !l.contains("files")).toList());
    }

    @Test
    void afterRetentionDeletesArchivesTheIndexIsRepairedAndCheckPasses() throws Exception {
        writeRecording();
        assertEquals(0, run("index", dir.toString()));
        List<Path> zips;
        try (Stream<Path> s = Files.list(dir)) {
            zips = s.filter(p -> p.toString().endsWith("_gen_json.zip")).sorted(Comparator.naturalOrder()).toList();
        }
        Files.delete(zips.get(0));
        Files.delete(zips.get(1));
        assertEquals(1, run("index", dir.toString(), "--check"), "a deleted archive the index names is a fault");
        assertTrue(out().contains("does not exist"), out());
        assertEquals(0, run("index", dir.toString()), err());
        assertEquals(0, run("index", dir.toString(), "--check"), out());
        String[] fl = flows.get(0); // in the first, deleted file
        assertEquals(0, run("lookup", dir.toString(), "ip", fl[1], "--intervals"));
        assertFalse(out().contains(zips.get(0).getFileName().toString()), out());
    }

    @Test
    void aDamagedIndexFileFailsTheCheck() throws Exception {
        writeRecording();
        assertEquals(0, run("index", dir.toString()));
        Path idx;
        try (Stream<Path> s = Files.walk(dir.resolve(".nsr/index/ip"))) {
            idx = s.filter(p -> p.toString().endsWith(".idx")).findFirst().orElseThrow();
        }
        byte[] b = Files.readAllBytes(idx);
        b[b.length / 2] ^= 0x10;
        Files.write(idx, b);
        assertEquals(1, run("index", dir.toString(), "--check"));
        assertTrue(out().contains("checksum"), out());
    }
}
