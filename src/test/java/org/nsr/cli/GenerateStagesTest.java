package org.nsr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.export.ExportDecoding;

/** {@code nsr generate} phase 3: shards, sampling, filters, aggregation and the flow formats, in process. */
class GenerateStagesTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
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
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static Result csv(String... extra) {
        List<String> args = new ArrayList<>(List.of("generate", "-n", "5", "-t", "20000", "--seed", "11", "-o", "csv",
                "--no-header"));
        args.addAll(List.of(extra));
        Result r = nsr(args.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        return r;
    }

    private static long column(String line, int i) {
        return Long.parseLong(line.split(",")[i]);
    }

    @Test
    void threeShardsMergedByTimestampAreExactlyTheSingleMachineOutput() {
        List<String> single = csv().lines();
        List<String> merged = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            List<String> part = csv("--shard", i + "/3").lines();
            assertFalse(part.isEmpty());
            merged.addAll(part);
        }
        merged.sort(Comparator.comparingLong((String l) -> column(l, 1)).thenComparingLong(l -> column(l, 0)));
        assertEquals(20000, single.size());
        assertEquals(single, merged);
    }

    @Test
    void samplingKeepsEachStreamsEveryNthFlowAndScalesOnlyWhenAsked() {
        List<String> all = csv().lines();
        List<String> sampled = csv("--sample", "10").lines();
        assertEquals(2000, sampled.size());
        assertTrue(new HashSet<>(all).containsAll(sampled));
        List<String> scaled = csv("--sample", "10", "--sample-scale").lines();
        assertEquals(sampled.size(), scaled.size());
        for (int i = 0; i < sampled.size(); i++) {
            assertEquals(10 * column(sampled.get(i), 7), column(scaled.get(i), 7));
            assertEquals(10 * column(sampled.get(i), 8), column(scaled.get(i), 8));
        }
        Result r = nsr("generate", "-t", "100", "--sample", "3", "--seed", "1", "-o", "csv"); // 10 streams: 4 of 10 kept
        assertTrue(r.err().contains("dropped by --sample: 60"), r.err());
    }

    @Test
    void filterKeepsExactlyTheMatchingFlows() {
        List<String> all = csv().lines();
        List<String> expected = all.stream().filter(l -> column(l, 6) == 6 && column(l, 5) == 443).toList();
        List<String> filtered = csv("--filter", "proto tcp and dst port 443").lines();
        assertFalse(expected.isEmpty());
        assertEquals(expected, filtered);
        assertEquals(all.stream().filter(l -> column(l, 6) != 17).toList(), csv("--filter", "not udp").lines());
    }

    @Test
    void aFilterErrorNamesTheColumnAndExitsTwo() {
        Result r = nsr("generate", "-t", "10", "--filter", "proto tcp and port x");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("nsr generate: --filter: column 20: found 'x'; expected a port"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void aggregationSumsEachFiveTupleOncePerWindowAndKeepsTheTotals() throws Exception {
        // one client, one server, one service: only the client port (16384 values) tells 5-tuples apart
        Path cfg = dir.resolve("narrow.yaml");
        Files.writeString(cfg, "traffic_patterns:\n  - {type: dns_traffic, percentage: 100}\n"
                + "network:\n  source_subnets: [10.0.0.1/32]\n  destination_subnets: [10.0.0.2/32]\n");
        List<String> all = csv("-c", cfg.toString()).lines();
        List<String> agg = csv("-c", cfg.toString(), "--aggregate", "1s").lines();
        assertTrue(agg.size() < all.size() * 0.7, agg.size() + " of " + all.size());
        assertEquals(all.stream().mapToLong(l -> column(l, 8)).sum(), agg.stream().mapToLong(l -> column(l, 8)).sum());
        assertEquals(all.stream().mapToLong(l -> column(l, 7)).sum(), agg.stream().mapToLong(l -> column(l, 7)).sum());
        Set<String> keys = new HashSet<>();
        for (String l : agg) {
            String[] c = l.split(",");
            String key = (Long.parseLong(c[1]) / 1_000_000_000) + " " + c[2] + " " + c[3] + " " + c[4] + " " + c[5] + " " + c[6];
            assertTrue(keys.add(key), "5-tuple twice in one window: " + l);
        }
        for (int i = 1; i < agg.size(); i++) {
            assertTrue(column(agg.get(i - 1), 1) <= column(agg.get(i), 1), "sorted by time");
        }
    }

    @Test
    void ipfixFileHoldsTheSameFlowsAsTheCsv() throws Exception {
        List<String> all = csv().lines();
        Path file = dir.resolve("flows.ipfix");
        Result r = nsr("generate", "-n", "5", "-t", "20000", "--seed", "11", "-o", "ipfix", "--out", file.toString());
        assertEquals(0, r.code(), r.err());
        List<ExportDecoding.Decoded> d = ExportDecoding.ipfix(ByteBuffer.wrap(Files.readAllBytes(file)));
        assertEquals(all.size(), d.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(column(all.get(i), 8), d.get(i).bytes());
            assertEquals(column(all.get(i), 1) / 1_000_000, d.get(i).startMillis());
        }
    }

    @Test
    void badShardAndUdpOptionsExitTwoNamingTheOption() {
        assertEquals(2, nsr("generate", "--shard", "4/3").code());
        Result r = nsr("generate", "-n", "2", "--shard", "1/3");
        assertTrue(r.err().contains("--shard"), r.err());
        r = nsr("generate", "-o", "pcap", "--udp", "127.0.0.1:9");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--udp: needs -o ipfix or -o netflow9"), r.err());
        r = nsr("generate", "-o", "ipfix", "--udp", "127.0.0.1:x");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--udp: '127.0.0.1:x'"), r.err());
    }
}
