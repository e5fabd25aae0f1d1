package org.nsr.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GenerateCommandTest {
    @TempDir
    Path dir;

    /** Exit code, stdout and stderr of one in-process {@code nsr} run. */
    record Result(int code, byte[] out, String err) {
        String outText() {
            return new String(out, StandardCharsets.UTF_8);
        }
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
            return new Result(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void csvGoesToTheOutFileAndTheSummaryToStderr() throws Exception {
        Path file = dir.resolve("flows.csv");
        Result r = nsr("generate", "-n", "4", "-f", "250", "-o", "csv", "--seed", "3", "--out", file.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(0, r.out().length, "nothing on stdout with --out");
        List<String> lines = Files.readAllLines(file);
        assertEquals(1001, lines.size());
        assertEquals("stream_id,timestamp,src_ip,dst_ip,src_port,dst_port,protocol,packet_count,byte_count", lines.get(0));
        assertTrue(r.err().startsWith("generated 1000 flows in "), r.err());
        assertTrue(r.err().contains("4 streams, seed 3"), r.err());
        assertTrue(r.err().contains("per stream: 1=250 2=250 3=250 4=250"), r.err());
        assertTrue(r.err().contains("per protocol: "), r.err());
        assertTrue(r.err().contains("flows/s"), r.err());
        assertFalse(r.err().contains("\r"), "no progress line when stderr is not a terminal");
    }

    @Test
    void defaultsAreTenThreadsOfTenThousandFlowsAsText() {
        Result r = nsr("generate", "--seed", "1");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.outText().split("\n");
        assertEquals(100_001, lines.length);
        assertTrue(lines[0].startsWith("STREAM    TIMESTAMP"));
        assertTrue(r.err().contains("per stream: 1=10000 2=10000 3=10000 4=10000 5=10000 6=10000 7=10000 8=10000 "
                + "9=10000 10=10000"), r.err());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 10})
    void sameSeedAndOptionsGiveByteIdenticalOutputAtEveryRun(int threads) {
        String[] args = {"generate", "-n", String.valueOf(threads), "-t", "30000", "-o", "json", "-s", "bytes",
                "-w", "1", "--seed", "99"};
        Result first = nsr(args);
        Result second = nsr(args);
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().length > 1_000_000);
        assertArrayEquals(first.out(), second.out());
        Result otherSeed = nsr("generate", "-n", String.valueOf(threads), "-t", "30000", "-o", "json", "-s", "bytes",
                "-w", "1", "--seed", "100");
        assertFalse(java.util.Arrays.equals(first.out(), otherSeed.out()));
    }

    @Test
    void totalFlowsOverridesFlowsPerThreadAndConfigMaxFlowsIsTheFallback() throws Exception {
        assertEquals(11, nsr("generate", "-n", "3", "-f", "100", "-t", "10", "-o", "csv").outText().split("\n").length);
        Path cfg = dir.resolve("g.yaml");
        Files.writeString(cfg, "generation:\n  max_flows: 7\n");
        assertEquals(7, nsr("generate", "-c", cfg.toString(), "-o", "csv", "--no-header").outText().split("\n").length);
        // duration_seconds caps flow time: 1 ms at 3000 flows/s holds the slots at 0, 333 and 667 us
        Files.writeString(cfg, "generation:\n  duration_seconds: 0.001\n  rate: {flows_per_second: 3000}\n");
        assertEquals(3, nsr("generate", "-c", cfg.toString(), "-o", "csv", "--no-header").outText().split("\n").length);
    }

    @Test
    void prettyJsonWithSortByStreamReadsBackInOrder() throws Exception {
        Result r = nsr("generate", "-n", "3", "-t", "600", "-o", "json", "--pretty", "-s", "stream_id", "-w", "1000");
        assertEquals(0, r.code(), r.err());
        JsonNode array = new ObjectMapper().readTree(r.out());
        assertEquals(600, array.size());
        List<Integer> streams = new ArrayList<>();
        array.forEach(o -> streams.add(o.get("stream_id").asInt()));
        // all 600 flows (384 us of flow time) fall in one 1000 ms chunk: sorted by stream throughout
        List<Integer> sorted = new ArrayList<>(streams);
        sorted.sort(null);
        assertEquals(sorted, streams);
        assertTrue(r.outText().contains("\n    \"stream_id\": 1,\n"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-n -3|-n/--num-threads: '-3' is out of range; expected a whole number from 1 to 1024",
        "-n 0|-n/--num-threads: '0' is out of range",
        "-t -5|-t/--total-flows: '-5' is out of range; expected a whole number from 0",
        "-f -1|-f/--flows-per-thread: '-1' is out of range",
        "-o xml|-o/--output-format: 'xml' is not a format; expected one of: text, csv, json",
        "-s size|-s/--sort-by: 'size' is not a sort field; expected one of: timestamp, stream_id, src_ip, dst_ip, bytes, packets",
        "-w 0|-w/--time-window: '0' is out of range",
        "-w 100000|-w/--time-window: 100000 ms holds about 156,250,000 flows",
        "-n ten|Invalid value for option '--num-threads': 'ten' is not an int",
        "--bogus|Unknown option: '--bogus'",
        "-c /nonexistent/flowgen.yaml|generator config /nonexistent/flowgen.yaml: file not found",
    })
    void badOptionsGiveOneMessageAndExitTwo(String args, String message) {
        List<String> argv = new ArrayList<>(List.of("generate"));
        argv.addAll(List.of(args.split(" ")));
        Result r = nsr(argv.toArray(new String[0]));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(message), r.err());
        assertNoStackTrace(r.err());
        assertEquals(0, r.out().length);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "traffic_patterns:\\n  - {type: web_traffic, percentage: 70}\\n  - {type: ssh_traffic, percentage: 20}"
                + "|traffic_patterns: percentages add up to 90 (web_traffic 70 + ssh_traffic 20); expected 100",
        "network:\\n  destination_subnets: [10.1.2/24]|network.destination_subnets[0]: '10.1.2/24' is not an IPv4 subnet",
        "generation:\\n  max_flows: -10|generation.max_flows: '-10' is out of range",
        "generation:\\n  speed: 3|generation.speed: unknown key",
    })
    void badConfigFilesGiveOneMessageWithTheKeyPathAndExitTwo(String yaml, String message) throws Exception {
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, yaml.replace("\\n", "\n"));
        Result r = nsr("generate", "-c", cfg.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals("nsr generate: generator config " + cfg + ": " , r.err().substring(0, r.err().indexOf(": ",
                r.err().indexOf(cfg.toString())) + 2));
        assertTrue(r.err().contains(message), r.err());
        assertEquals(1, r.err().strip().split("\n").length, "one line: " + r.err());
        assertNoStackTrace(r.err());
    }

    @Test
    void unwritableOutFileIsAFailureNotAStackTrace() {
        Result r = nsr("generate", "-t", "10", "--out", dir.resolve("missing-dir/flows.txt").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("nsr generate: cannot write to " + dir.resolve("missing-dir/flows.txt")), r.err());
        assertNoStackTrace(r.err());
    }

    private static void assertNoStackTrace(String err) {
        assertFalse(err.contains("Exception"), err);
        assertFalse(err.contains("\tat "), err);
    }
}
