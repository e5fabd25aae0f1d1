package org.nsr.write;

import org.nsr.layout.FileFacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.metrics.Metrics;
import org.nsr.channel.RecordQueue;
import org.nsr.record.SortField;
import org.nsr.sink.FileEvents;
import org.nsr.sink.Syncer;
import org.nsr.sink.Watermark;
import org.nsr.testing.FakeTicker;
import org.nsr.testing.TestRecord;

class QueueWriterTest {
    private static final long SECOND = 1_000_000_000L;
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    private final Metrics metrics = new Metrics();
    private final FakeTicker clock = new FakeTicker(T0);
    private final LinkedBlockingQueue<Path> published = new LinkedBlockingQueue<>();
    private final java.util.Map<Path, FileFacts> factsOf = new java.util.concurrent.ConcurrentHashMap<>();
    private final RecordQueue queue = new RecordQueue("src", 1000, metrics);

    private QueueWriter startWriter() {
        return startWriter(Duration.ofSeconds(2), ZoneId.of("UTC"));
    }

    private QueueWriter startWriter(Duration slot, ZoneId zone) {
        RollCycle cycle = new RollCycle(slot, zone);
        WriterSettings settings = new WriterSettings(dir, cycle, Duration.ofMillis(10), SortField.TIMESTAMP,
                Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(10));
        QueueWriter writer = new QueueWriter(queue, settings, new FileNamer("src", cycle, null),
                clock, (json, name, facts) -> {
                    factsOf.put(json, facts);
                    published.add(json);
                }, new FileEvents(), new Watermark("durable src"), Syncer.FORCE, metrics);
        writer.startAsync();
        return writer;
    }

    private static long nanos(Instant i) {
        return i.getEpochSecond() * SECOND + i.getNano();
    }

    @Test
    void recordsLandInTheFileOfTheirSlotSortedAndEachFileIsPublishedOnce() throws Exception {
        QueueWriter writer = startWriter();
        long base = nanos(T0);
        List<Long> expected = new ArrayList<>();
        for (int chunk = 0; chunk < 150; chunk++) { // 300 records over 6 s: three 2 s slots
            for (int k = 1; k >= 0; k--) { // newest first inside each 10 ms chunk
                long ts = base + chunk * 40_000_000L + k * 5_000_000L;
                queue.put(new TestRecord(ts, 0, chunk * 2 + k));
                expected.add(ts);
            }
        }
        queue.close();
        assertTrue(writer.awaitFinished(Duration.ofSeconds(10)));
        assertNull(writer.failure());

        List<Path> files = new ArrayList<>(published);
        assertEquals(List.of("2026_11_23_10-00-00_src.json", "2026_11_23_10-00-02_src.json",
                "2026_11_23_10-00-04_src.json"), files.stream().map(p -> p.getFileName().toString()).toList());
        List<Long> all = new ArrayList<>();
        for (Path f : files) {
            List<String> lines = Files.readAllLines(f);
            assertEquals(100, lines.size(), f + " holds its slot's records");
            for (String line : lines) {
                all.add(Long.parseLong(line.substring("{\"timestamp\":".length(), line.indexOf(','))));
            }
        }
        expected.sort(null);
        assertEquals(expected, all, "every record once, in time order across files");
        assertEquals(3, metrics.value("nsr_writer_files_total", "source", "src"));
        try (var s = Files.list(dir)) {
            assertFalse(s.anyMatch(p -> p.toString().endsWith(".part")), "no .part file is left");
        }
    }

    /** A poll line already encoded whole, as the http source makes it. */
    private record BigLine(long timestampNanos, byte[] lineArray) implements org.nsr.record.Record,
            org.nsr.record.EncodedLine {
        @Override
        public void writeJson(org.nsr.record.LineBuffer out) {
            out.append(lineArray);
        }

        @Override
        public int lineLength() {
            return lineArray.length;
        }
    }

    @Test
    void aLineOfManyMegabytesIsWrittenStraightFromItsRecordInOrderBetweenSmallOnes() throws Exception {
        QueueWriter writer = startWriter();
        long base = nanos(T0);
        byte[] big = ("{\"timestamp\":1,\"flowinfo\":[" + "1,".repeat(1 << 20) + "1]}")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        queue.put(new TestRecord(base, 0, 1));
        queue.put(new BigLine(base + 20_000_000L, big));
        queue.put(new TestRecord(base + 40_000_000L, 0, 2));
        queue.close();
        assertTrue(writer.awaitFinished(Duration.ofSeconds(10)));
        assertNull(writer.failure());
        Path file = published.poll();
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        assertEquals(new String(big, java.nio.charset.StandardCharsets.US_ASCII), lines.get(1));
        assertTrue(lines.get(0).startsWith("{\"timestamp\":") && lines.get(2).startsWith("{\"timestamp\":"));
        assertEquals(Files.size(file), metrics.value("nsr_writer_bytes_total", "source", "src"),
                "the straight write is counted in the written bytes");
    }

    @Test
    void aQuietSourcesFileIsPublishedOnceTheClockPassesTheSlotEnd() throws Exception {
        QueueWriter writer = startWriter();
        queue.put(new TestRecord(nanos(T0) + SECOND / 2, 0, 0));
        assertNull(published.poll(300, TimeUnit.MILLISECONDS), "the slot is not over yet");

        clock.advance(Duration.ofMillis(2100));
        Path file = published.poll(10, TimeUnit.SECONDS);
        assertNotNull(file, "the file is published without waiting for more records");
        assertEquals(1, Files.readAllLines(file).size());
        assertFalse(writer.isFinished(), "the writer keeps running for the next slot");
        queue.close();
        assertTrue(writer.awaitFinished(Duration.ofSeconds(10)));
    }

    @Test
    void aRecordForAnAlreadyPublishedSlotJoinsTheCurrentFileAsLateInsteadOfASecondFile() throws Exception {
        QueueWriter writer = startWriter();
        queue.put(new TestRecord(nanos(T0) + SECOND, 0, 0));
        clock.advance(Duration.ofMillis(2100));
        assertNotNull(published.poll(10, TimeUnit.SECONDS), "slot 10:00:00 is published");
        queue.put(new TestRecord(nanos(T0) + SECOND + SECOND / 2, 0, 1)); // a slow poll stamped in that slot
        queue.put(new TestRecord(nanos(T0) + 2 * SECOND + SECOND / 2, 0, 2));
        queue.close();
        assertTrue(writer.awaitFinished(Duration.ofSeconds(10)));
        Path second = published.poll(10, TimeUnit.SECONDS);
        assertEquals("2026_11_23_10-00-02_src.json", second.getFileName().toString());
        assertEquals(2, Files.readAllLines(second).size(), "the old-slot record went into the current file");
        assertNull(published.poll(), "no second file for the old slot");
        assertEquals(1, writer.lateRecords());
        assertEquals(new FileFacts(1, "timestamp"), factsOf.get(second), "the file's late count goes on to its archive");
        assertEquals("nsr late_records=1 sort_by=timestamp", factsOf.get(second).toComment());
        assertEquals(factsOf.get(second), FileFacts.fromComment(factsOf.get(second).toComment()));
    }

    @Test
    void filesRotateOnTheLocalWallClockThroughMidnightAndADaylightSavingFallBack() throws Exception {
        ZoneId newYork = ZoneId.of("America/New_York");
        Instant start = Instant.parse("2026-11-01T03:30:00Z"); // 23:30 EDT on Oct 31; DST ends at 06:00Z
        clock.setWall(start);
        QueueWriter writer = startWriter(Duration.ofMinutes(30), newYork);
        for (int minute = 0; minute < 4 * 60; minute += 10) { // 24 records, 3 per half hour, over 4 hours
            Instant t = start.plus(Duration.ofMinutes(minute));
            clock.setWall(t);
            queue.put(new TestRecord(nanos(t), 0, minute));
        }
        queue.close();
        assertTrue(writer.awaitFinished(Duration.ofSeconds(10)));
        List<String> names = new ArrayList<>();
        for (Path p : published) {
            names.add(p.getFileName().toString());
            assertEquals(3, Files.readAllLines(p).size(), p + " holds its half hour");
        }
        assertEquals(List.of("2026_10_31_23-30-00_src.json", "2026_11_01_00-00-00_src.json",
                "2026_11_01_00-30-00_src.json", "2026_11_01_01-00-00_src.json", "2026_11_01_01-30-00_src.json",
                "2026_11_01_01-30-00~00001_src.json", "2026_11_01_01-30-00~00002_src.json",
                "2026_11_01_02-00-00_src.json"), names,
                "the repeated hour takes sequence numbers after its last plain name, and names sort in time order");
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(null);
        assertEquals(sorted, names);
    }

    @Test
    void bufferedLinesReachTheFileWithinTheFlushInterval() throws Exception {
        QueueWriter writer = startWriter();
        queue.put(new TestRecord(nanos(T0), 0, 7));
        Path part = dir.resolve("2026_11_23_10-00-00_src.json.part");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((!Files.exists(part) || Files.size(part) == 0) && System.nanoTime() < deadline) {
            if (clock.now().isBefore(T0.plusMillis(1500))) {
                clock.advance(Duration.ofMillis(10)); // time passes inside the slot, never past its end
            }
            Thread.sleep(1); // yields to the writer; the loop's exit is the file check, not the sleep
        }
        assertTrue(Files.size(part) > 0, "the line was flushed to the .part file before rotation");
        assertTrue(Files.readString(part).endsWith("\"seq\":7,\"bytes\":0}\n"), "only whole lines are written");
        queue.close();
        assertTrue(writer.awaitFinished(Duration.ofSeconds(10)));
    }
}
