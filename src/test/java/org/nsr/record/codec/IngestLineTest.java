package org.nsr.record.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nsr.record.LineBuffer;

class IngestLineTest {
    private static final long HOUR = 1_793_491_200_000L; // 2026-11-01T00:00Z, hour of day 0

    private static byte[] line() {
        LineBuffer out = new LineBuffer(256);
        IngestLine.begin(out, HOUR + 5);
        IngestLine.appendEntry(out, true, "foo", "b\"ar", "vpc", 100, 500, HOUR + 20 * 3_600_000L);
        IngestLine.appendEntry(out, false, "x", "y", "z", 0, 1, HOUR);
        IngestLine.end(out);
        return out.toByteArray();
    }

    @Test
    void theLineKeepsTheSeedsFieldNamesAndTheHourStart() {
        assertEquals("{\"timestamp\":" + (HOUR + 5) + ",\"ingest\":[{\"src_app\":\"foo\",\"dest_app\":\"b\\\"ar\","
                + "\"vpc_id\":\"vpc\",\"bytes_tx\":100,\"bytes_rx\":500,\"hour\":20,\"time\":" + (HOUR + 72_000_000L)
                + "},{\"src_app\":\"x\",\"dest_app\":\"y\",\"vpc_id\":\"z\",\"bytes_tx\":0,\"bytes_rx\":1,\"hour\":0,"
                + "\"time\":" + HOUR + "}]}", new String(line(), StandardCharsets.UTF_8));
    }

    @Test
    void entriesReadBackWithTheirNamesAndTheFlowViewShowsTxPlusRxAtTheHourStart() {
        byte[] b = line();
        List<String> entries = new ArrayList<>();
        assertEquals(2, IngestLine.visitEntries(b, 0, b.length,
                (s, d, v, tx, rx, h) -> entries.add(s + "|" + d + "|" + v + "|" + tx + "|" + rx + "|" + h)));
        assertEquals("foo|b\"ar|vpc|100|500|" + (HOUR + 72_000_000L), entries.get(0));
        List<Long> bytes = new ArrayList<>();
        FlowView view = new FlowView();
        assertEquals(2, view.visit(b, 0, b.length, 0, f -> bytes.add(f.bytes())));
        assertEquals(List.of(600L, 1L), bytes);
        assertEquals("ingest", view.kindOf(b, 0, b.length).name());
    }

    @Test
    void otherLinesAreNotIngestLinesAndACutLineIsMalformed() {
        byte[] gen = "{\"timestamp\":1,\"stream_id\":1}".getBytes(StandardCharsets.UTF_8);
        assertEquals(LineKind.NOT_THIS_KIND, IngestLine.visitEntries(gen, 0, gen.length, (s, d, v, tx, rx, h) -> { }));
        byte[] b = line();
        assertEquals(LineKind.MALFORMED, IngestLine.visitEntries(b, 0, b.length - 10, (s, d, v, tx, rx, h) -> { }));
        assertTrue(IngestLine.isIngestLine(b, 0, b.length));
    }
}
