package org.nsr.source.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.sink.Watermark;
import org.nsr.testing.FakeTicker;

class DurablePositionTest {
    @TempDir
    Path dir;

    @Test
    void aPositionIsSavedOnlyOnceTheRowsBeforeItAreDurable() throws Exception {
        Path file = dir.resolve("t.csv.nsr-position");
        Watermark durable = new Watermark("durable");
        FakeTicker ticker = new FakeTicker(Instant.parse("2024-01-01T00:00:00Z"));
        DurablePosition p = new DurablePosition(file, durable, ticker, ReadPosition.START);
        ReadPosition after5 = new ReadPosition("k", 500, 6, 5);
        ReadPosition after9 = new ReadPosition("k", 900, 10, 9);
        p.checkpoint(5, after5);
        p.checkpoint(9, after9);
        assertFalse(Files.exists(file), "nothing is durable yet, so nothing is saved");
        assertEquals(9, durable.wanted(), "the checkpoint asks the writer to fsync");
        durable.advanceTo(7);
        ticker.advance(DurablePosition.SAVE_EVERY);
        p.saveDurable(false);
        assertEquals(after5, ReadPosition.load(file), "the newest checkpoint the durable watermark passed");
        durable.advanceTo(9);
        p.saveDurable(false);
        assertEquals(after5, ReadPosition.load(file), "saves are rate-limited");
        ticker.advance(DurablePosition.SAVE_EVERY);
        p.saveDurable(false);
        assertEquals(after9, ReadPosition.load(file));
    }

    @Test
    void atStopTheLastCheckpointIsSavedWhenItsRowsAreDurable() throws Exception {
        Path file = dir.resolve("t.csv.nsr-position");
        Watermark durable = new Watermark("durable");
        FakeTicker ticker = new FakeTicker(Instant.parse("2024-01-01T00:00:00Z"));
        DurablePosition p = new DurablePosition(file, durable, ticker, ReadPosition.START);
        ReadPosition last = new ReadPosition("k", 100, 3, 2);
        p.checkpoint(2, last);
        durable.advanceTo(2);
        p.saveAtStop(java.time.Duration.ZERO);
        assertEquals(last, ReadPosition.load(file));
        assertTrue(p.saved().equals(last));
    }
}
