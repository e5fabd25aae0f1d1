package org.nsr.source.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sixteen clients posting the same flows of the same hour, and a reader that must never see a torn pair. */
class IngestConcurrencyTest {
    private static final int CLIENTS = 16;
    private static final int POSTS = 40;
    private static final int BATCH = 100;
    private static final int FLOWS = 20;

    @TempDir
    Path dir;

    @Test
    void sixteenClientsOnOverlappingFlowsGiveExactSumsAndAReaderNeverSeesTxWithoutItsRx() throws Exception {
        try (IngestHarness h = new IngestHarness(dir, Map.of("ack", "accepted", "threads", 24), 1024, true)) {
            long[] expected = new long[FLOWS];
            LongAdder[] sums = new LongAdder[FLOWS];
            for (int i = 0; i < FLOWS; i++) {
                sums[i] = new LongAdder();
            }
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong reads = new AtomicLong();
            List<String> torn = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
            Future<?> reader = pool.submit(() -> {
                while (writing.get() || reads.get() == 0) {
                    JsonNode rows = IngestApiTest.JSON.readTree(IngestApiTest.get(h.url, "/flows?hour=9").body());
                    for (JsonNode r : rows) {
                        if (r.get("bytes_tx").asLong() != r.get("bytes_rx").asLong()) {
                            torn.add(r.toString());
                        }
                    }
                    reads.incrementAndGet();
                }
                return null;
            });
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(pool.submit(() -> {
                    for (int p = 0; p < POSTS; p++) {
                        StringBuilder b = new StringBuilder("[");
                        for (int i = 0; i < BATCH; i++) {
                            int flow = ThreadLocalRandom.current().nextInt(FLOWS);
                            long v = ThreadLocalRandom.current().nextLong(1, 1_000_000);
                            sums[flow].add(v);
                            b.append(i == 0 ? "" : ",").append(IngestApiTest.rec("app" + flow, "db", "vpc-1", v, v, 9));
                        }
                        HttpResponse<String> r = IngestApiTest.post(h.url, b.append(']').toString());
                        assertEquals(200, r.statusCode(), r.body());
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get(120, TimeUnit.SECONDS);
            }
            writing.set(false);
            reader.get(60, TimeUnit.SECONDS);
            pool.shutdown();
            for (int i = 0; i < FLOWS; i++) {
                expected[i] = sums[i].sum();
            }
            JsonNode rows = IngestApiTest.JSON.readTree(IngestApiTest.get(h.url, "/flows?hour=9").body());
            assertEquals(FLOWS, rows.size());
            long total = 0;
            for (JsonNode r : rows) {
                int flow = Integer.parseInt(r.get("src_app").asText().substring(3));
                assertEquals(expected[flow], r.get("bytes_tx").asLong(), "bytes_tx of " + r);
                assertEquals(expected[flow], r.get("bytes_rx").asLong(), "bytes_rx of " + r);
                total += r.get("bytes_tx").asLong();
            }
            assertTrue(total > 0);
            assertTrue(torn.isEmpty(), "torn pairs seen in " + reads.get() + " reads: " + torn);
            assertTrue(reads.get() > 1, "the reader read during the writes: " + reads.get());
        }
    }
}
