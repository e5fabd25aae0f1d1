package org.nsr.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.cli.Main;
import org.nsr.core.StopSignal;
import org.nsr.core.Ticker;
import org.nsr.redis.RedisEndpoint;
import org.nsr.testing.MessyTrafficCsv;
import org.nsr.testing.RedisServer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

class ProducerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static List<String[]> csvRows(Path csv) throws Exception {
        CsvMapper m = new CsvMapper();
        m.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<String[]> rows = new ArrayList<>();
        try (MappingIterator<String[]> it = m.readerFor(String[].class).readValues(csv.toFile())) {
            while (it.hasNext()) {
                rows.add(it.next());
            }
        }
        return rows;
    }

    private static List<StreamEntry> all(Jedis j, String stream) {
        List<StreamEntry> out = new ArrayList<>();
        StreamEntryID from = null;
        while (true) {
            List<StreamEntry> page = from == null ? j.xrange(stream, (StreamEntryID) null, (StreamEntryID) null, 10_000)
                    : j.xrange(stream, new StreamEntryID(from.getTime(), from.getSequence() + 1), null, 10_000);
            if (page.isEmpty()) {
                return out;
            }
            out.addAll(page);
            from = page.get(page.size() - 1).getID();
        }
    }

    private ProduceSummary produce(RedisServer redis, Path csv, long records, Duration delay, int batch)
            throws Exception {
        ProduceSettings s = new ProduceSettings(csv, new RedisEndpoint("127.0.0.1", redis.port()), "network_traffic",
                records, delay, 0, batch, Duration.ofSeconds(30));
        return new Producer(s, Ticker.SYSTEM, new PrintStream(new ByteArrayOutputStream()), false)
                .run(new StopSignal());
    }

    @Test
    void everyGoodRowOfAMessyCsvBecomesOneEntryWithTheSeedsFieldsAndTypedJson() throws Exception {
        Path csv = dir.resolve("traffic.csv");
        MessyTrafficCsv.Written w = new MessyTrafficCsv().seed(7).badRows(0.01).write(csv, 3_000);
        try (RedisServer redis = RedisServer.start(dir); Jedis j = new Jedis("127.0.0.1", redis.port())) {
            ProduceSummary sum = produce(redis, csv, 0, Duration.ZERO, 128);

            assertEquals(w.goodRows(), sum.sent());
            assertEquals(w.badLines().size(), sum.badRows());
            List<String> expectedFirst = w.badLines().stream().limit(10).map(l -> "line " + l).toList();
            assertEquals(expectedFirst, sum.firstBadRows().stream().map(s -> s.substring(0, s.indexOf(" ("))).toList());
            assertEquals(w.goodRows(), j.xlen("network_traffic"));

            List<String[]> rows = csvRows(csv);
            String[] header = rows.get(0);
            List<String[]> good = rows.subList(1, rows.size()).stream().filter(r -> r.length == header.length).toList();
            List<StreamEntry> entries = all(j, "network_traffic");
            assertEquals(good.size(), entries.size());
            for (int i = 0; i < good.size(); i++) {
                Map<String, String> f = entries.get(i).getFields();
                assertEquals(java.util.Set.of("data", "timestamp", "source_ip", "dest_ip", "protocol", "is_attack"),
                        f.keySet());
                JsonNode data = JSON.readTree(f.get("data"));
                Map<String, String> row = new HashMap<>();
                for (int c = 0; c < header.length; c++) {
                    row.put(header[c], good.get(i)[c]);
                    JsonNode v = data.get(header[c]);
                    String cell = good.get(i)[c];
                    if (cell.isEmpty()) {
                        assertTrue(v.isNull(), header[c] + " of row " + i + " should be null");
                    } else if (cell.equals("True") || cell.equals("False")) {
                        assertEquals(Boolean.parseBoolean(cell.toLowerCase()), v.booleanValue());
                    } else if (v.isNumber()) {
                        assertEquals(0, new java.math.BigDecimal(cell).compareTo(v.decimalValue()), cell);
                    } else {
                        assertEquals(cell, v.textValue(), header[c] + " of row " + i);
                    }
                }
                assertEquals(row.get("source_ip"), f.get("source_ip"));
                assertEquals(row.get("dest_ip"), f.get("dest_ip"));
                assertEquals(row.get("protocol"), f.get("protocol"));
                assertEquals(row.get("is_attack"), f.get("is_attack"));
                if (org.nsr.csv.RowTime.isTime(row.get("timestamp"))) {
                    assertEquals(row.get("timestamp"), f.get("timestamp"));
                } else {
                    assertTrue(org.nsr.csv.RowTime.isTime(f.get("timestamp")), "replaced by the send time");
                }
            }
        }
    }

    @Test
    void theRecordsLimitAndTheDelayAreKeptAndTheDelayIsLeftOutOfTheRate() throws Exception {
        Path csv = dir.resolve("t.csv");
        new MessyTrafficCsv().seed(3).bomAndCrlf().write(csv, 50);
        try (RedisServer redis = RedisServer.start(dir); Jedis j = new Jedis("127.0.0.1", redis.port())) {
            ProduceSummary sum = produce(redis, csv, 10, Duration.ofMillis(20), 500);
            assertEquals(10, sum.sent());
            assertEquals(10, j.xlen("network_traffic"));
            assertTrue(sum.delayNanos() >= Duration.ofMillis(180).toNanos(), "ten pauses of 20 ms");
            assertTrue(JSON.readTree(all(j, "network_traffic").get(0).getFields().get("data")).has("timestamp"),
                    () -> "the BOM is not part of the first column name: " + all(j, "network_traffic").get(0).getFields());
        }
    }

    @Test
    void aRedisRestartMidRunIsRetriedAndLosesNothingAcknowledged() throws Exception {
        Path csv = dir.resolve("big.csv");
        MessyTrafficCsv.Written w = new MessyTrafficCsv().seed(11).mess(0).write(csv, 200_000);
        try (RedisServer redis = RedisServer.start(dir, true)) {
            var result = new java.util.concurrent.atomic.AtomicReference<Object>();
            Thread t = new Thread(() -> {
                try {
                    result.set(produce(redis, csv, 0, Duration.ZERO, 100));
                } catch (Exception e) {
                    result.set(e);
                }
            });
            t.start();
            try (Jedis j = new Jedis("127.0.0.1", redis.port())) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (j.xlen("network_traffic") < 20_000) {
                    assertTrue(System.nanoTime() < deadline, "the producer did not get going");
                }
            }
            redis.kill();
            redis.restart();
            t.join(Duration.ofSeconds(120).toMillis());
            assertTrue(result.get() instanceof ProduceSummary, "the run ended with " + result.get());
            ProduceSummary sum = (ProduceSummary) result.get();
            assertEquals(w.goodRows(), sum.sent());
            assertTrue(sum.retries() >= 1, "the restart was seen and retried");
            try (Jedis j = new Jedis("127.0.0.1", redis.port())) {
                List<StreamEntry> entries = all(j, "network_traffic");
                Map<String, Integer> seen = new HashMap<>();
                for (StreamEntry e : entries) {
                    seen.merge(JSON.readTree(e.getFields().get("data")).get("session_id").asText(), 1, Integer::sum);
                }
                assertEquals(w.goodRows(), seen.size(), "every row is in the stream at least once");
                long duplicates = entries.size() - seen.size();
                assertTrue(duplicates <= sum.resent(), duplicates + " duplicates, but only " + sum.resent()
                        + " entries were resent");
            }
        }
    }

    @Test
    void redisUnreachableAtStartExitsOneBeforeReadingAndAMissingCsvExitsTwoNamingThePath() throws Exception {
        int port = RedisServer.freePort();
        Path missing = dir.resolve("nope.csv");
        assertEquals(1, Main.run("produce", "--redis-host", "127.0.0.1", "--redis-port", String.valueOf(port),
                "--csv-path", missing.toString()));
        try (RedisServer redis = RedisServer.start(dir)) {
            PrintStream old = System.err;
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            System.setErr(new PrintStream(err, true));
            try {
                assertEquals(2, Main.run("produce", "--redis-host", "127.0.0.1", "--redis-port",
                        String.valueOf(redis.port()), "--csv-path", missing.toString()));
            } finally {
                System.setErr(old);
            }
            assertTrue(err.toString().contains(missing.toAbsolutePath().toString()), err.toString());
            assertTrue(err.toString().contains("--csv-path"), err.toString());
        }
    }
}
