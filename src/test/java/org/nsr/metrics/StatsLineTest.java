package org.nsr.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StatsLineTest {
    @Test
    void lineCarriesEverySourceQueueWriterAndCompressionFigure() {
        Metrics m = new Metrics();
        for (String s : new String[] {"graphinfo", "flowinfo"}) {
            m.counter("nsr_source_records_total", "h", "source", s).add(s.length() * 10L);
            m.counter("nsr_source_polls_total", "h", "source", s, "result", "ok").add(24);
            m.counter("nsr_source_polls_total", "h", "source", s, "result", "failed").add(5);
            m.counter("nsr_source_skipped_ticks_total", "h", "source", s);
            m.gauge("nsr_queue_depth", "h", () -> 3, "queue", s);
            m.gauge("nsr_queue_high_water", "h", () -> 12, "queue", s);
            m.counter("nsr_writer_files_total", "h", "source", s).add(2);
            m.counter("nsr_writer_records_total", "h", "source", s).add(80);
            m.counter("nsr_writer_late_records_total", "h", "source", s);
        }
        m.counter("nsr_source_poll_failures_total", "h", "source", "flowinfo", "kind", "timeout").add(2);
        m.counter("nsr_source_poll_failures_total", "h", "source", "flowinfo", "kind", "http_5xx").add(1);
        m.counter("nsr_source_poll_failures_total", "h", "source", "graphinfo", "kind", "timeout");
        m.counter("nsr_source_skipped_ticks_total", "h", "source", "graphinfo").add(4);
        m.nanosecondsCounter("nsr_queue_blocked_seconds_total", "h", "queue", "flowinfo").add(1_499_000_000L);
        m.counter("nsr_writer_late_records_total", "h", "source", "flowinfo").add(7);
        m.gauge("nsr_compress_backlog", "h", () -> 1);
        m.counter("nsr_compress_bytes_in_total", "h", "source", "flowinfo").add(10L * 1024 * 1024);
        m.counter("nsr_compress_bytes_in_total", "h", "source", "graphinfo").add(512L * 1024);
        m.counter("nsr_compress_bytes_out_total", "h", "source", "flowinfo").add(900);
        m.nanosecondsCounter("nsr_compress_seconds_total", "h").add(532_400_000L);

        assertEquals("stats"
                + " flowinfo{records=80 polls_ok=24 polls_failed=3(http_5xx=1,timeout=2) skipped_ticks=0 queue=3"
                + " queue_high=12 blocked_ms=1499 files=2 written=80 late=7}"
                + " graphinfo{records=90 polls_ok=24 polls_failed=0 skipped_ticks=4 queue=3 queue_high=12"
                + " blocked_ms=0 files=2 written=80 late=0}"
                + " compression{backlog=1 in=10.5MiB out=900B time_ms=532}", StatsLine.format(m));
    }

    @Test
    void queueWithoutSourceMetricsStillAppearsAndEmptyRegistryGivesCompressionOnly() {
        Metrics m = new Metrics();
        assertEquals("stats compression{backlog=0 in=0B out=0B time_ms=0}", StatsLine.format(m));

        m.gauge("nsr_queue_depth", "h", () -> 9, "queue", "synthetic");
        assertEquals("stats synthetic{records=0 polls_ok=0 polls_failed=0 skipped_ticks=0 queue=9 queue_high=0"
                + " blocked_ms=0 files=0 written=0 late=0} compression{backlog=0 in=0B out=0B time_ms=0}",
                StatsLine.format(m));
    }

    @Test
    void bytesUseBinaryUnitsWithOneDecimal() {
        assertEquals("1023B", StatsLine.bytes(1023));
        assertEquals("1.0KiB", StatsLine.bytes(1024));
        assertEquals("1.5MiB", StatsLine.bytes(1.5 * 1024 * 1024));
        assertEquals("50.0GiB", StatsLine.bytes(50.0 * 1024 * 1024 * 1024));
        assertEquals("2048.0TiB", StatsLine.bytes(2048.0 * 1024 * 1024 * 1024 * 1024));
    }
}
