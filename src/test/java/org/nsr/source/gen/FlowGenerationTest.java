package org.nsr.source.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nsr.record.SortField;

class FlowGenerationTest {
    private static final GeneratorConfig CONFIG = GeneratorConfig.defaults();
    private static final long WINDOW = 1_000_000; // 1 ms of flow time: about 1560 flows per chunk

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 10, 20})
    void everyFlowAppearsExactlyOnce(int streams) throws Exception {
        long total = 20_011; // not a multiple of any stream count used
        FlowGeneration plan = new FlowGeneration(CONFIG, streams, total, 5, WINDOW, SortField.TIMESTAMP, 64, 2);
        GenTesting.CollectingSink sink = new GenTesting.CollectingSink();
        plan.run(sink);
        List<FlowRecord> flows = sink.flows();
        assertEquals(total, flows.size());
        boolean[][] seen = new boolean[streams + 1][];
        long sum = 0;
        for (int s = 1; s <= streams; s++) {
            seen[s] = new boolean[(int) plan.flowsOf(s)];
            sum += plan.flowsOf(s);
            assertTrue(Math.abs(plan.flowsOf(s) - total / streams) <= 1, "shares are even");
        }
        assertEquals(total, sum);
        for (FlowRecord f : flows) {
            int seq = (int) f.sequence();
            assertFalse(seen[f.streamId()][seq], "duplicate " + f);
            seen[f.streamId()][seq] = true;
        }
        for (int s = 1; s <= streams; s++) {
            for (int i = 0; i < seen[s].length; i++) {
                assertTrue(seen[s][i], "stream " + s + " flow " + i + " missing");
            }
        }
    }

    /** The expected order, written from the rule rather than from FlowOrder. */
    private static Comparator<FlowRecord> expectedOrder(SortField field) {
        Comparator<FlowRecord> byField = switch (field) {
            case TIMESTAMP -> Comparator.comparingLong(FlowRecord::timestampNanos);
            case STREAM_ID -> Comparator.comparingInt(FlowRecord::streamId);
            case SRC_IP -> Comparator.comparingLong(FlowRecord::srcIp);
            case DST_IP -> Comparator.comparingLong(FlowRecord::dstIp);
            case BYTES -> Comparator.comparingLong(FlowRecord::byteCount).reversed();
            case PACKETS -> Comparator.comparingLong(FlowRecord::packetCount).reversed();
        };
        return byField.thenComparingLong(FlowRecord::timestampNanos);
    }

    @ParameterizedTest
    @EnumSource(SortField.class)
    void chunksComeInTimeOrderEachSortedByTheField(SortField field) throws Exception {
        List<List<FlowRecord>> chunks = GenTesting.run(CONFIG, 5, 30_000, 9, WINDOW, field, 100, 3);
        long previousChunk = Long.MIN_VALUE;
        int total = 0;
        Comparator<FlowRecord> order = expectedOrder(field);
        for (List<FlowRecord> chunk : chunks) {
            long id = Math.floorDiv(chunk.get(0).timestampNanos(), WINDOW);
            assertTrue(id > previousChunk, "chunks in time order");
            previousChunk = id;
            for (int i = 0; i < chunk.size(); i++) {
                assertEquals(id, Math.floorDiv(chunk.get(i).timestampNanos(), WINDOW), "flow in its own chunk");
                if (i > 0) {
                    assertTrue(order.compare(chunk.get(i - 1), chunk.get(i)) <= 0,
                            field + ": " + chunk.get(i - 1) + " before " + chunk.get(i));
                }
            }
            total += chunk.size();
        }
        assertEquals(30_000, total);
        assertTrue(chunks.size() > 10, "several chunks: " + chunks.size());
    }

    @Test
    void recordSortKeysAgreeWithTheFlowFields() {
        FlowRecord f = new FlowRecord(3, 7, 1000, GenTesting.ip("200.1.2.3"), GenTesting.ip("10.0.0.1"), 5000, 80, 6, 12, 9000);
        assertEquals(3, f.sortKey(SortField.STREAM_ID));
        assertEquals(1000, f.sortKey(SortField.TIMESTAMP));
        assertEquals(0xC8010203L, f.sortKey(SortField.SRC_IP)); // unsigned: above 127.x sorts after 10.x
        assertEquals(0x0A000001L, f.sortKey(SortField.DST_IP));
        assertEquals(9000, f.sortKey(SortField.BYTES));
        assertEquals(12, f.sortKey(SortField.PACKETS));
        assertEquals(7, f.sequence());
        // the recorder's own comparator puts bigger flows first too
        FlowRecord small = new FlowRecord(3, 8, 1000, 0, 0, 0, 0, 6, 1, 100);
        assertTrue(SortField.BYTES.comparator().compare(f, small) < 0);
    }

    @ParameterizedTest
    @EnumSource(value = SortField.class, names = {"TIMESTAMP", "BYTES", "SRC_IP"})
    void sameSeedGivesTheSameChunksWhateverTheHandOffAndScheduling(SortField field) throws Exception {
        // batch size and queue depth change how the threads interleave; the output must not change
        List<List<FlowRecord>> reference = GenTesting.run(CONFIG, 5, 12_345, 77, WINDOW, field, 2048, 4);
        for (int[] handOff : new int[][] {{1, 1}, {7, 2}, {333, 1}, {2048, 4}}) {
            List<List<FlowRecord>> other = GenTesting.run(CONFIG, 5, 12_345, 77, WINDOW, field, handOff[0], handOff[1]);
            assertEquals(text(reference), text(other), "batch " + handOff[0] + ", queue " + handOff[1]);
        }
    }

    @Test
    void differentSeedsGiveDifferentFlows() throws Exception {
        List<List<FlowRecord>> a = GenTesting.run(CONFIG, 2, 1000, 1, WINDOW, SortField.TIMESTAMP, 64, 2);
        List<List<FlowRecord>> b = GenTesting.run(CONFIG, 2, 1000, 2, WINDOW, SortField.TIMESTAMP, 64, 2);
        assertNotEquals(text(a), text(b));
    }

    @Test
    void timestampsFollowTheConfiguredRateFromTheStart() throws Exception {
        List<FlowRecord> flows = GenTesting.run(CONFIG, 3, 100, 1, WINDOW, SortField.TIMESTAMP, 8, 1)
                .stream().flatMap(List::stream).toList();
        for (int i = 0; i < flows.size(); i++) {
            assertEquals(CONFIG.startTimestampNanos() + 640L * i, flows.get(i).timestampNanos());
            assertEquals(i % 3 + 1, flows.get(i).streamId(), "slots dealt round-robin");
        }
    }

    @Test
    void zeroFlowsAndMoreStreamsThanFlowsStillFinish() throws Exception {
        assertEquals(0, GenTesting.run(CONFIG, 4, 0, 1, WINDOW, SortField.TIMESTAMP, 8, 1).size());
        assertEquals(3, GenTesting.run(CONFIG, 20, 3, 1, WINDOW, SortField.TIMESTAMP, 8, 1)
                .stream().mapToInt(List::size).sum());
    }

    @Test
    void failingSinkEndsTheRunAndEveryGeneratorThreadIsJoined() {
        FlowGeneration plan = new FlowGeneration(CONFIG, 10, 1_000_000, 1, WINDOW, SortField.TIMESTAMP, 16, 1);
        IOException e = assertThrows(IOException.class, () -> plan.run(chunk -> {
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("nsr-generate-stream-")), "generator threads left running");
    }

    private static String text(List<List<FlowRecord>> chunks) {
        StringBuilder sb = new StringBuilder();
        for (List<FlowRecord> c : chunks) {
            sb.append("--\n");
            c.forEach(f -> sb.append(f).append('\n'));
        }
        return sb.toString();
    }
}
