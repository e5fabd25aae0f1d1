package org.nsr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.record.codec.KafkaLine;
import org.nsr.testing.JarProcess;
import org.nsr.testing.KafkaBroker;
import org.nsr.testing.Recordings;

/**
 * Three recorder processes (the packaged jar) as one consumer group on a 12-partition topic of a
 * real KRaft broker; one is killed with -9 mid-stream (issue 16 item 3). After the group
 * rebalanced and the other two stopped cleanly, every produced record is in the union of the
 * three recordings, and there are no more duplicates than the survivors counted.
 */
class KafkaGroupKillIT {
    private static final int RECORDS = 60_000;
    private static final String TOPIC = "nsr.flows";
    private static final Pattern COUNTED = Pattern.compile("(\\d+) possible duplicates");

    @TempDir
    Path work;

    private static Map<String, Integer> positions(List<Path> dirs) {
        Map<String, Integer> seen = new HashMap<>();
        try {
            for (Path d : dirs) {
                for (String l : Recordings.archivedLines(d)) {
                    byte[] b = l.getBytes(StandardCharsets.UTF_8);
                    seen.merge(KafkaLine.position(b, 0, b.length), 1, Integer::sum);
                }
            }
        } catch (Exception e) {
            return Map.of(); // a file was zipped while we listed: look again
        }
        return seen;
    }

    private Path config(String id, String bootstrap) throws Exception {
        Path out = work.resolve("store").resolve(id);
        Path config = work.resolve(id + ".yaml");
        Files.writeString(config, "Recorder:\n  data:\n    storage_interval: \"2s\"\n    output_dir: \"" + out
                + "\"\n    metrics:\n      listen: \"off\"\n    sources:\n"
                + "      - {name: from_kafka, type: kafka, bootstrap: \"" + bootstrap + "\", topics: [\"" + TOPIC
                + "\"], group: nsr-recorders, client_id: " + id + ", commit_interval: 200ms, revoke_timeout: 20s,"
                + " consumer: {session.timeout.ms: \"6000\", heartbeat.interval.ms: \"1000\"}}\n");
        return config;
    }

    @Test
    void aGroupOfThreeLosesNothingWhenOneIsKilledAndItsDuplicatesAreNoMoreThanCounted() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopic(TOPIC, 12);
            String bootstrap = broker.bootstrap();
            List<Path> dirs = List.of(work.resolve("store/r1"), work.resolve("store/r2"), work.resolve("store/r3"));
            AtomicInteger produced = new AtomicInteger();
            Thread producer = new Thread(() -> produce(bootstrap, produced), "it producer");
            List<JarProcess> recorders = new ArrayList<>();
            try {
                for (String id : List.of("r1", "r2", "r3")) {
                    recorders.add(JarProcess.start(work, work.resolve(id + ".log"), "record", "-c",
                            config(id, bootstrap).toString()));
                }
                JarProcess.awaitCondition("all three in the group", 90, () -> recorders.stream()
                        .allMatch(r -> r.output().contains("source from_kafka: assigned")));
                producer.start();
                JarProcess victim = recorders.get(1);
                JarProcess.awaitCondition("r2 archived some records while the stream goes on", 120,
                        () -> !positions(List.of(dirs.get(1))).isEmpty() && produced.get() < RECORDS);
                victim.sigkill();
                victim.awaitExit(30);
                producer.join(300_000);
                assertEquals(RECORDS, produced.get(), "the producer finished");
                JarProcess.awaitCondition("every record archived in the union", 180,
                        () -> positions(dirs).size() == RECORDS);
                long counted = 0;
                for (JarProcess survivor : List.of(recorders.get(0), recorders.get(2))) {
                    survivor.sigterm();
                    assertEquals(0, survivor.awaitExit(90), survivor.output());
                    Matcher m = COUNTED.matcher(survivor.output());
                    assertTrue(m.find(), "the stop logs its counters: " + survivor.output());
                    counted += Long.parseLong(m.group(1));
                }
                Map<String, Integer> seen = positions(dirs);
                assertEquals(RECORDS, seen.size(), "every produced record is in the union at least once");
                long duplicates = seen.values().stream().mapToLong(n -> n - 1).sum();
                assertTrue(duplicates <= counted, duplicates + " duplicates in the union, but the survivors counted "
                        + counted + " possible duplicates");
                assertTrue(recorders.get(0).output().contains("died before committing")
                        || recorders.get(2).output().contains("died before committing"),
                        "a survivor took over r2's partitions and saw that it had died");

                // replay reads the store of three recorders as one recording
                Path replayed = work.resolve("replay.out");
                try (JarProcess replay = JarProcess.start(work, replayed, "replay", work.resolve("store").toString(),
                        "--as-fast-as-possible", "--no-progress")) {
                    assertEquals(0, replay.awaitExit(120), replay.output());
                }
                Map<String, Integer> replayedPositions = new HashMap<>();
                try (var s = Files.lines(replayed)) {
                    s.filter(l -> l.contains("\"kafka\":\"" + TOPIC + "/")).forEach(l -> {
                        byte[] b = l.getBytes(StandardCharsets.UTF_8);
                        replayedPositions.merge(KafkaLine.position(b, 0, b.length), 1, Integer::sum);
                    });
                }
                assertEquals(RECORDS, replayedPositions.size(), "replay of the store holds every record");
                long replayedLines = replayedPositions.values().stream().mapToLong(Integer::longValue).sum();
                // besides the archives, replay reads what r2 left unarchived at the kill (.json.part)
                assertTrue(replayedLines >= RECORDS + duplicates, replayedLines + " lines replayed");
            } finally {
                producer.interrupt();
                recorders.forEach(JarProcess::close);
            }
        }
    }

    private static void produce(String bootstrap, AtomicInteger produced) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        p.put("acks", "all");
        p.put("enable.idempotence", "false"); // see KafkaSourceTest: the test kit's producer-id state
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < RECORDS; i++) {
                long ns = System.currentTimeMillis() * 1_000_000L;
                producer.send(new ProducerRecord<>(TOPIC, Integer.toString(i), "{\"timestamp\":" + ns + ",\"n\":" + i
                        + "}"));
                produced.incrementAndGet();
                if (i % 100 == 99) {
                    Thread.sleep(10); // about 10,000 records a second: the kill lands mid-stream
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
