package org.nsr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.record.codec.CsvRowLine;
import org.nsr.testing.JarProcess;
import org.nsr.testing.Recordings;
import org.nsr.testing.RedisServer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.XAddParams;

/** The recorder's redis source killed with -9 mid-stream and started again, on the packaged jar. */
class RedisSourceKillIT {
    private static final int ENTRIES = 30_000;
    private static final Pattern REDELIVERED = Pattern.compile("(\\d+) entries of network_traffic were delivered before");

    @TempDir
    Path work;

    private static Map<String, Integer> archivedIds(Path out) {
        Map<String, Integer> ids = new HashMap<>();
        try {
            for (String l : Recordings.archivedLines(out)) {
                byte[] b = l.getBytes(StandardCharsets.UTF_8);
                ids.merge(CsvRowLine.streamId(b, 0, b.length), 1, Integer::sum);
            }
        } catch (Exception e) {
            return Map.of();
        }
        return ids;
    }

    @Test
    void killedWithMinus9AndRestartedEveryEntryIsArchivedAndTheDuplicatesAreOnlyThoseCounted() throws Exception {
        try (RedisServer redis = RedisServer.start(work)) {
            Path out = work.resolve("out");
            Path config = work.resolve("r.yaml");
            Files.writeString(config, "Recorder:\n  data:\n    storage_interval: \"2s\"\n    output_dir: \"" + out
                    + "\"\n    metrics:\n      listen: \"off\"\n    sources:\n"
                    + "      - {name: ddos, type: redis, host: \"127.0.0.1\", port: " + redis.port()
                    + ", stream: network_traffic, group: nsr, consumer: it, batch: 200}\n");
            AtomicInteger added = new AtomicInteger();
            java.util.concurrent.CountDownLatch killed = new java.util.concurrent.CountDownLatch(1);
            Thread feeder = new Thread(() -> {
                try (Jedis j = new Jedis("127.0.0.1", redis.port())) {
                    for (int i = 0; i < ENTRIES; i++) {
                        j.xadd("network_traffic", XAddParams.xAddParams(), Map.of("data",
                                "{\"session_id\":\"s" + i + "\",\"source_ip\":\"10.0.0.1\",\"dest_ip\":\"10.0.0.2\"}"));
                        added.incrementAndGet();
                        if (i == ENTRIES / 2) {
                            // the second half only after the kill, however slow the machine: the kill lands mid-stream
                            killed.await(120, java.util.concurrent.TimeUnit.SECONDS);
                        } else if (i % 100 == 99) {
                            Thread.sleep(10); // about 10,000 entries a second
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            feeder.start();
            try (Jedis j = new Jedis("127.0.0.1", redis.port())) {
                try (JarProcess first = JarProcess.start(work, work.resolve("first.log"), "record", "-c",
                        config.toString())) {
                    JarProcess.awaitCondition("a first archive with entries acknowledged", 60,
                            () -> !archivedIds(out).isEmpty() && added.get() < ENTRIES);
                    first.sigkill();
                    first.awaitExit(30);
                } finally {
                    killed.countDown();
                }
                long pendingAtKill = j.xpending("network_traffic", "nsr").getTotal();
                feeder.join(120_000);
                try (JarProcess second = JarProcess.start(work, work.resolve("second.log"), "record", "-c",
                        config.toString())) {
                    JarProcess.awaitCondition("every entry archived and acknowledged", 120,
                            () -> archivedIds(out).size() == ENTRIES
                                    && j.xpending("network_traffic", "nsr").getTotal() == 0);
                    second.sigterm();
                    assertEquals(0, second.awaitExit(60), second.output());
                    Map<String, Integer> ids = archivedIds(out);
                    assertEquals(ENTRIES, ids.size(), "every stream entry is archived at least once");
                    long duplicates = ids.values().stream().mapToLong(n -> n - 1).sum();
                    Matcher m = REDELIVERED.matcher(second.output());
                    long counted = m.find() ? Long.parseLong(m.group(1)) : 0;
                    assertTrue(duplicates <= counted, duplicates + " duplicates in the archives, but the restart "
                            + "counted " + counted + " redelivered entries (pending at kill: " + pendingAtKill + ")");
                    assertTrue(pendingAtKill > 0, "the kill left entries unacknowledged");
                    try (JarProcess verify = JarProcess.start(work, work.resolve("verify.log"), "verify",
                            out.toString())) {
                        assertEquals(0, verify.awaitExit(120), verify.output());
                        assertTrue(verify.output().contains(" " + duplicates + " duplicate stream IDs"),
                                "verify lists the duplicates by stream ID: " + verify.output());
                    }
                    List<String> none = List.of();
                    assertEquals(none, ids.entrySet().stream().filter(e -> e.getValue() > 2).map(Map.Entry::getKey)
                            .toList(), "no entry recorded more than twice");
                }
            }
        }
    }
}
