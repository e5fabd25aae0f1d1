package org.nsr.replay.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.record.LineBuffer;
import org.nsr.record.codec.CsvRowLine;
import org.nsr.replay.RecordingIndex;
import org.nsr.testing.RecordingWriter;

class DuplicateStreamIdsTest {
    static final LocalDateTime T0 = LocalDateTime.of(2025, 8, 22, 10, 0, 0);

    @TempDir
    Path dir;

    private static String line(long ts, String id) {
        LineBuffer b = new LineBuffer(128);
        CsvRowLine.writeFromStream(b, ts, id, "{\"session_id\":\"" + id + "\"}");
        return b.toString();
    }

    private RecordingVerifier verify(boolean strict) throws Exception {
        RecordingVerifier v = new RecordingVerifier(RecordingIndex.scan(dir), strict);
        v.run();
        return v;
    }

    @Test
    void streamIdsRecordedTwiceAreCountedAndTheFirstNamedAcrossFiles() throws Exception {
        List<String> first = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            first.add(line(1_000_000_000L + i, "1700000000000-" + i));
        }
        RecordingWriter.writeZip(dir, T0, "ddos", first);
        List<String> second = new ArrayList<>();
        for (int i = 4_990; i < 6_000; i++) { // redelivered after a restart: 4990..4999 again
            second.add(line(2_000_000_000L + i, "1700000000000-" + i));
        }
        second.add(line(3_000_000_000L, "1700000000001-0"));
        RecordingWriter.writeZip(dir, T0.plusMinutes(2), "ddos", second);
        RecordingVerifier v = verify(false);
        assertTrue(v.sound(), "duplicates are what at-least-once allows: a warning, " + v.errors());
        assertEquals(10, v.duplicateStreamIds());
        String warning = v.warnings().stream().filter(w -> w.contains("stream ID")).findFirst().orElseThrow();
        assertTrue(warning.startsWith("ddos: 10 records repeat a stream ID (redis_id) of 6001 distinct"), warning);
        assertTrue(warning.endsWith("first repeated: 1700000000000-4990, 1700000000000-4991, 1700000000000-4992, "
                + "1700000000000-4993, 1700000000000-4994, 1700000000000-4995, 1700000000000-4996, "
                + "1700000000000-4997, 1700000000000-4998, 1700000000000-4999"), warning);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        v.print(new PrintStream(out, true, StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("10 duplicate stream IDs"), out.toString());
        assertFalse(verify(true).sound(), "strict mode makes them errors");
    }

    @Test
    void aRecordingWithoutRepeatsHasNoDuplicateStreamIds() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            lines.add(line(1_000_000_000L + i, "5-" + i));
        }
        RecordingWriter.writeZip(dir, T0, "ddos", lines);
        RecordingVerifier v = verify(true);
        assertTrue(v.sound(), v.errors().toString());
        assertEquals(0, v.duplicateStreamIds());
    }
}
