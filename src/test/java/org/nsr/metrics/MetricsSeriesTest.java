package org.nsr.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsSeriesTest {
    @Test
    void seriesOfListsEveryLabelSetWithItsValue() {
        Metrics m = new Metrics();
        m.counter("nsr_source_poll_failures_total", "h", "source", "flowinfo", "kind", "timeout").add(3);
        m.counter("nsr_source_poll_failures_total", "h", "source", "graphinfo", "kind", "http_5xx").add(1);
        m.gauge("nsr_compress_backlog", "h", () -> 7);

        List<Metrics.Series> failures = m.seriesOf("nsr_source_poll_failures_total");

        assertEquals(2, failures.size());
        assertEquals(Map.of("source", "flowinfo", "kind", "timeout"), failures.get(0).labels());
        assertEquals(3, failures.get(0).value());
        assertEquals("graphinfo", failures.get(1).label("source"));
        assertEquals("http_5xx", failures.get(1).label("kind"));
        assertNull(failures.get(1).label("queue"));
        assertEquals(List.of(new Metrics.Series(Map.of(), 7)), m.seriesOf("nsr_compress_backlog"));
    }

    @Test
    void labelValuesComeBackUnescaped() {
        Metrics m = new Metrics();
        String odd = "a\"b\\c\nd,e=\"f\"";
        m.counter("x_total", "h", "source", odd, "kind", "k").increment();

        Metrics.Series s = m.seriesOf("x_total").get(0);

        assertEquals(odd, s.label("source"));
        assertEquals("k", s.label("kind"));
    }

    @Test
    void unknownFamilyHasNoSeries() {
        assertTrue(new Metrics().seriesOf("nsr_nothing").isEmpty());
    }
}
