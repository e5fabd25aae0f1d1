package org.nsr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.testing.RecordingWriter;

/** The recording commands through {@link Main#run}: output, exit codes and bad-input messages. */
class RecordingCommandsTest {
    static final LocalDateTime T0 = LocalDateTime.of(2025, 8, 22, 10, 0, 0);
    static final long T0_MS = T0.toInstant(ZoneOffset.UTC).toEpochMilli();

    @TempDir
    Path dir;
    @TempDir
    Path out;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;
    private final List<String> genLines = new ArrayList<>();

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

    private List<Path> writeRecording() throws Exception {
        List<Path> zips = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                long ns = (T0_MS + f * 60_000L + i * 250L) * 1_000_000L + i;
                lines.add(RecordingWriter.generatorLine(i, ns, "192.168.1." + (i % 5), "10.0.0." + (i % 3), 1000 + i,
                        443, 6, 1 + i % 9, 100L * (i + 1)));
            }
            genLines.addAll(lines);
            zips.add(RecordingWriter.writeZip(dir, T0.plusMinutes(f), "gen", lines));
        }
        return zips;
    }

    private void assertBadInput(int code, String optionPrefix) {
        assertEquals(2, code, err());
        assertTrue(err().contains(optionPrefix), err());
        assertFalse(err().contains("\tat "), "no stack trace: " + err());
        assertFalse(err().contains("Exception"), "no exception names: " + err());
    }

    @Test
    void replayAsFastAsPossibleWritesEveryRecordInOrderAsNdjson() throws Exception {
        writeRecording();
        assertEquals(0, run("replay", dir.toString(), "--as-fast-as-possible", "--zone", "UTC"));
        assertEquals(genLines, Arrays.asList(out().split("\n")));
        assertTrue(err().contains("600 records replayed"), err());
    }

    @Test
    void replayLosesNoRecordNearTheRangeEdgesWhenTheReaderZoneIsFarFromTheRecorderZone() throws Exception {
        writeRecording(); // stamps in UTC
        java.util.TimeZone saved = java.util.TimeZone.getDefault();
        try {
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("America/Los_Angeles"));
            long to = T0_MS + 60_000L + 251L; // the first two records of the second file, and all of the first
            assertEquals(0, run("replay", dir.toString(), "--as-fast-as-possible", "--to", Long.toString(to)));
            assertEquals(genLines.subList(0, 202), Arrays.asList(out().split("\n")));
            long from = T0_MS + 60_000L + 199 * 250L; // the last record of the second file, and all of the third
            for (String zone : List.of("Pacific/Kiritimati", "Etc/GMT+12")) {
                assertEquals(0, run("replay", dir.toString(), "--as-fast-as-possible", "--zone", zone, "--from",
                        Long.toString(from)));
                assertEquals(genLines.subList(399, 600), Arrays.asList(out().split("\n")), zone);
            }
        } finally {
            java.util.TimeZone.setDefault(saved);
        }
    }

    @Test
    void replayIntoAPipeClosedByItsReaderEndsQuietlyWithExitZero() throws Exception {
        writeRecording();
        ByteArrayOutputStream taken = new ByteArrayOutputStream();
        // like `| head -c 300`: the reader takes 300 bytes, then every write fails with EPIPE
        java.io.OutputStream pipe = new java.io.OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                int room = 300 - taken.size();
                taken.write(b, off, Math.min(room, len));
                if (len > room) {
                    throw new java.io.IOException("Broken pipe");
                }
            }
        };
        stderr.reset();
        System.setOut(new PrintStream(pipe, true, StandardCharsets.UTF_8));
        int code = Main.run("replay", dir.toString(), "--as-fast-as-possible");
        assertEquals(0, code, err());
        assertFalse(err().contains("output failed"), err());
        assertTrue(genLines.get(0).startsWith(taken.toString(StandardCharsets.UTF_8).split("\n")[0]));
    }

    @Test
    void replayPutsALateRecordBackInOrderUnlessTheReorderWindowIsZero() throws Exception {
        List<String> lines = new ArrayList<>();
        for (long ms : new long[] {0, 1000, 3000, 2000, 4000}) {
            lines.add(RecordingWriter.flowinfoLine(T0_MS + ms, "[]"));
        }
        RecordingWriter.writeZip(dir, T0, "flowinfo", lines);
        assertEquals(0, run("replay", dir.toString(), "--as-fast-as-possible"));
        assertEquals(List.of(lines.get(0), lines.get(1), lines.get(3), lines.get(2), lines.get(4)),
                Arrays.asList(out().split("\n")));
        assertTrue(err().contains("1 records read out of order"), err());
        assertEquals(0, run("replay", dir.toString(), "--as-fast-as-possible", "--reorder-window", "0"));
        assertEquals(lines, Arrays.asList(out().split("\n")));
        assertBadInput(run("replay", dir.toString(), "--reorder-window", "soon"), "--reorder-window: 'soon'");
    }

    @Test
    void replayCsvGivesFlowColumnsAndTextCarriesTimeSourceAndRecord() throws Exception {
        writeRecording();
        assertEquals(0, run("replay", dir.toString(), "--as-fast-as-possible", "--format", "csv", "--to",
                Long.toString(T0_MS + 1)));
        String[] csv = out().split("\n");
        assertEquals("time,timestamp_ns,source,kind,src_ip,dst_ip,src_port,dst_port,protocol,packets,bytes,bps,pps,"
                + "record", csv[0]);
        // genLines.get(0): 192.168.1.0:1000 > 10.0.0.0:443, tcp, 1 packet, 100 bytes; no rates
        assertEquals("2025-08-22T10:00:00Z," + (T0_MS * 1_000_000L) + ",\"gen\",generator_flow,192.168.1.0,10.0.0.0,"
                + "1000,443,6,1,100,,,", csv[1]);
        assertEquals(2, csv.length);
        assertEquals(0, run("replay", dir.toString(), "--as-fast-as-possible", "--format", "text", "--to",
                Long.toString(T0_MS + 1)));
        assertEquals("2025-08-22T10:00:00Z gen " + genLines.get(0) + "\n", out());
    }

    @Test
    void aDamagedArchiveInTheMiddleIsSkippedTheRestReplaysAndTheExitCodeSaysSo() throws Exception {
        Path middle = writeRecording().get(1);
        byte[] b = Files.readAllBytes(middle);
        Files.write(middle, Arrays.copyOf(b, b.length / 2));
        assertEquals(1, run("replay", dir.toString(), "--as-fast-as-possible"));
        List<String> expected = new ArrayList<>(genLines.subList(0, 200));
        expected.addAll(genLines.subList(400, 600));
        assertEquals(expected, Arrays.asList(out().split("\n")));
        assertTrue(err().contains("1 damaged files skipped"), err());
        assertTrue(err().contains(middle.getFileName().toString()), err());
    }

    @Test
    void badInputIsExitTwoWithAMessageNamingTheOption() throws Exception {
        writeRecording();
        assertBadInput(run("replay", dir.resolve("missing").toString()), "does not exist");
        assertBadInput(run("replay", dir.toString(), "--from", "yesterday-ish"), "--from: 'yesterday-ish'");
        assertBadInput(run("replay", dir.toString(), "--to", "2025-13-01T00:00:00Z"), "--to: '2025-13-01T00:00:00Z'");
        assertBadInput(run("replay", dir.toString(), "--speed", "0"), "--speed: '0' is not usable");
        assertBadInput(run("replay", dir.toString(), "--speed", "-1"), "--speed: '-1' is not usable");
        assertBadInput(run("replay", dir.toString(), "--speed", "fast"), "--speed: 'fast' is not usable");
        assertBadInput(run("replay", dir.toString(), "--format", "xml"), "--format: 'xml'");
        assertBadInput(run("replay", dir.toString(), "--source", "nope"), "--source: 'nope'");
        assertBadInput(run("replay", dir.toString(), "--post", "ftp://x"), "--post: 'ftp://x'");
        assertBadInput(run("query", dir.toString(), "--ip", "300.1.1.1"), "--ip: '300.1.1.1'");
        assertBadInput(run("query", dir.toString(), "--from", "-1x"), "--from: '-1x'");
        assertBadInput(run("export", dir.toString(), "--format", "csv", "--out", out.toString()), "--format: 'csv'");
        assertBadInput(run("verify", out.resolve("none").toString()), "does not exist");
    }

    @Test
    void anUnreadableArchiveNamedDirectlyIsBadInput() throws Exception {
        Path zip = writeRecording().get(0);
        Files.write(zip, Arrays.copyOf(Files.readAllBytes(zip), 30));
        assertBadInput(run("replay", zip.toString(), "--as-fast-as-possible"), "DIR: cannot read");
    }

    @Test
    void relativeAndIsoTimesSelectTheSameRange() throws Exception {
        writeRecording();
        assertEquals(0, run("replay", dir.toString(), "--as-fast-as-possible", "--from", "2025-08-22T10:01:00Z",
                "--to", "2025-08-22T10:02:00Z"));
        assertEquals(genLines.subList(200, 400), Arrays.asList(out().split("\n")));
        // relative to now: a recording from 2025 is entirely older than an hour ago
        assertEquals(0, run("replay", dir.toString(), "--as-fast-as-possible", "--from", "-1h"));
        assertEquals("", out());
    }

    @Test
    void verifyExitsZeroWhenSoundAndOneWhenAnArchiveIsCorrupt() throws Exception {
        Path zip = writeRecording().get(2);
        assertEquals(0, run("verify", dir.toString()));
        assertTrue(out().startsWith("sound: 3 files, 600 lines"), out());
        byte[] b = Files.readAllBytes(zip);
        b[b.length / 2] ^= 0x01;
        b[b.length / 2 + 1] ^= 0x10;
        Files.write(zip, b);
        assertEquals(1, run("verify", dir.toString()));
        assertTrue(out().contains("ERROR"), out());
        assertTrue(out().contains("PROBLEMS FOUND"), out());
    }

    @Test
    void queryReportsFilesAndRecordsScanned() throws Exception {
        writeRecording();
        assertEquals(0, run("query", dir.toString(), "--by", "flow", "--top", "3", "--format", "json"));
        JsonNode report = new ObjectMapper().readTree(out());
        assertEquals(3, report.get("files_scanned").asInt());
        assertEquals(600, report.get("records_scanned").asInt());
        assertEquals(3, report.get("generator").size());
        assertEquals(0, run("query", dir.toString(), "--protocol", "tcp", "--port", "443"));
        assertTrue(out().contains("files scanned: 3, records scanned: 600"), out());
    }

    @Test
    void queryTakesFormatLikeReplayAndNoLongerAcceptsOutput() throws Exception {
        writeRecording();
        assertEquals(0, run("query", dir.toString(), "--format", "csv"));
        assertTrue(out().startsWith("kind,hour,src,dst,proto,"), out());
        assertEquals(2, run("query", dir.toString(), "--output", "csv"), "--output (an alias that read like --out) is gone");
        assertTrue(err().contains("--output"), err());
        assertEquals("", out());
        assertBadInput(run("query", dir.toString(), "--format", "xml"), "--format: 'xml'");
    }

    @Test
    void exportCommandWritesPlaybackFiles() throws Exception {
        RecordingWriter.writeZip(dir, T0, "flowinfo", List.of(RecordingWriter.flowinfoLine(T0_MS, "[{\"src_ip\":1}]")));
        assertEquals(0, run("export", dir.toString(), "--format", "ndtwin-playback", "--out", out.toString()));
        assertEquals("{\"timestamp\":" + T0_MS + ",\"flow_info\":[{\"src_ip\":1}]}\n",
                Files.readString(out.resolve("2025_08_22_10-00-00_flowinfo.json")));
    }

    @Test
    void replayCsvGivesOneRowPerNdtwinFlowAndTheWholeRecordForALineWithoutFlows() throws Exception {
        // 16885952 is 192.168.1.1 and 1359063232 is 192.168.1.81 (NDTwin's little-endian uint32)
        RecordingWriter.writeZip(dir, T0, "flowinfo", List.of(RecordingWriter.flowinfoLine(T0_MS, "["
                + RecordingWriter.ndtwinFlow(1359063232L, 16885952L, 5201, 55367, 6, 1712000, 3000) + ","
                + RecordingWriter.ndtwinFlow(16885952L, 1359063232L, 55367, 5201, 6, 988560000, 81333) + "]")));
        String graph = RecordingWriter.graphinfoLine(T0_MS + 1, "[]", "[]");
        RecordingWriter.writeZip(dir, T0, "graphinfo", List.of(graph));
        assertEquals(0, run("replay", dir.toString(), "--as-fast-as-possible", "--format", "csv"));
        String ns = Long.toString(T0_MS * 1_000_000L);
        assertEquals(List.of(
                "time,timestamp_ns,source,kind,src_ip,dst_ip,src_port,dst_port,protocol,packets,bytes,bps,pps,record",
                "2025-08-22T10:00:00Z," + ns + ",\"flowinfo\",ndtwin_flows,192.168.1.81,192.168.1.1,5201,55367,6,,,"
                        + "1712000,3000,",
                "2025-08-22T10:00:00Z," + ns + ",\"flowinfo\",ndtwin_flows,192.168.1.1,192.168.1.81,55367,5201,6,,,"
                        + "988560000,81333,",
                "2025-08-22T10:00:00.001Z," + (T0_MS + 1) * 1_000_000L + ",\"graphinfo\",ndtwin_graph,,,,,,,,,,\""
                        + graph.replace("\"", "\"\"") + "\""),
                Arrays.asList(out().split("\n")));
    }

    /** A flowinfo archive whose middle line carries the bytes \xff\xfe, which are not UTF-8. */
    private Path writeRecordingWithALineThatIsNotUtf8() throws Exception {
        Path zip = dir.resolve(RecordingWriter.name(T0, "flowinfo").fileName(org.nsr.layout.FileStage.ARCHIVED));
        String flow = RecordingWriter.ndtwinFlow(16885952L, 1359063232L, 55367, 5201, 6, 1000, 10);
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new java.util.zip.ZipEntry(RecordingWriter.name(T0, "flowinfo").entryName()));
            z.write((RecordingWriter.flowinfoLine(T0_MS, "[" + flow + "]") + "\n").getBytes(StandardCharsets.UTF_8));
            z.write(("{\"timestamp\":" + (T0_MS + 1000) + ",\"flowinfo\":[],\"note\":\"").getBytes(StandardCharsets.UTF_8));
            z.write(new byte[] {(byte) 0xff, (byte) 0xfe});
            z.write("\"}\n".getBytes(StandardCharsets.UTF_8));
            z.write((RecordingWriter.flowinfoLine(T0_MS + 2000, "[" + flow + "]") + "\n").getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        return zip;
    }

    @Test
    void aLineThatIsNotUtf8IsCountedAndSkippedWithExitOneByReplayQueryExportAndVerify() throws Exception {
        Path zip = writeRecordingWithALineThatIsNotUtf8();
        String where = "1 lines not valid UTF-8 skipped (first: " + zip + " line 2 byte ";

        assertEquals(1, run("replay", dir.toString(), "--as-fast-as-possible"));
        assertEquals(2, out().split("\n").length, "the two good lines replay, the bad one does not: " + out());
        assertFalse(out().contains("note"), out());
        assertTrue(err().contains("2 records replayed") && err().contains(where), err());

        assertEquals(1, run("query", dir.toString(), "--format", "json"));
        assertEquals(2, new ObjectMapper().readTree(out()).get("records_scanned").asInt(), out());
        assertTrue(err().contains(where), err());

        Path exported = out.resolve("export");
        assertEquals(1, run("export", dir.toString(), "--format", "ndtwin-playback", "--out", exported.toString()));
        assertEquals(2, Files.readAllLines(exported.resolve(RecordingWriter.name(T0, "flowinfo").entryName())).size());
        assertTrue(err().contains(where), err());

        assertEquals(1, run("verify", dir.toString()));
        assertTrue(out().contains("1 lines not valid UTF-8 (first: line 2 byte "), out());
    }
}
