package org.nsr.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.nsr.metrics.Metrics;
import org.nsr.record.Record;
import org.nsr.record.codec.FlowVisitor;
import org.nsr.record.codec.GeneratorFlowLine;
import org.nsr.record.codec.Ipv4;
import org.nsr.sink.Sink;
import org.nsr.source.gen.FlowRecord;
import org.nsr.testing.FakeTicker;
import org.nsr.testing.TestRecord;

class FlowFeedTest {
    private static final long T0 = 1_800_000_000_000_000_000L;
    private final FakeTicker ticker = new FakeTicker(Instant.parse("2026-01-01T00:00:00Z"));
    private final Metrics metrics = new Metrics();
    private final AtomicLong cpu = new AtomicLong();
    private final List<String> flows = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private final java.util.concurrent.atomic.AtomicBoolean slowSeen = new java.util.concurrent.atomic.AtomicBoolean();
    private final List<Double> shares = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean keepFlows = true;
    private final FlowVisitor visitor = f -> {
        if (keepFlows) {
            flows.add(Ipv4.dotted(f.srcIp()) + " " + f.bytes());
        }
        if (f.srcIp() == 0x0A000003) {
            slowSeen.set(true);
        }
    };

    /** 2 % of one processor: 20 ms of CPU a second. */
    private FlowFeed feed(int queueRecords) {
        return new FlowFeed("dashboard", visitor, shares::add, queueRecords, 0.02, 1, ticker, cpu::get, metrics);
    }

    private static Record generated(int i) {
        return new FlowRecord(1, i, T0 + i, 0x0A000001, 0x0A000002, 1000, 80, 6, 1, 100 + i);
    }

    private static Record lineOnly(int i) { // a flow kind the feed must write as a line and read back
        return new Record() {
            @Override
            public long timestampNanos() {
                return T0 + i;
            }

            @Override
            public void writeJson(org.nsr.record.LineBuffer out) {
                GeneratorFlowLine.write(out, 2, T0 + i, 0x0A000003, 0x0A000002, 1000, 80, 6, 1, 7);
            }
        };
    }

    private static FlowFeed.Batch batch(int n) {
        Record[] r = new Record[FlowFeed.BATCH];
        for (int i = 0; i < n; i++) {
            r[i] = generated(i);
        }
        return new FlowFeed.Batch(r, n);
    }

    @Test
    void everyRecordReachesTheVisitorAPartialBatchWithinAFlushAndRecordsOfNoFlowKindPassBy() throws Exception {
        FlowFeed feed = feed(4096);
        Sink sink = feed.sinkFor("gen");
        feed.startAsync().awaitRunning();
        try {
            for (int i = 0; i < 300; i++) {
                sink.accept(i % 3 == 0 ? lineOnly(i) : generated(i), i + 1);
            }
            sink.accept(new TestRecord(T0, 1, 1), 301);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (metrics.value("nsr_analysis_records_total", "result", "analysed") < 301
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(301, metrics.value("nsr_analysis_records_total", "result", "analysed"));
            assertEquals(300, flows.size(), "the 45 records past the first full chunk came with the next pass");
            assertEquals(100, flows.stream().filter(f -> f.equals("10.0.0.3 7")).count());
            assertTrue(flows.contains("10.0.0.1 101"), flows.subList(0, 3).toString());
            assertEquals(301, metrics.value("nsr_sink_records_total", "source", "gen", "sink", "dashboard"));
        } finally {
            feed.stopAsync().awaitTerminated(Duration.ofSeconds(10));
        }
    }

    @Test
    void aSlowSourcesPartialBatchIsFlushedWhileABusySourceKeepsTheQueueFull() throws Exception {
        keepFlows = false; // millions of flows pass: only whether the slow one came matters
        FlowFeed feed = feed(1 << 20);
        Sink busy = feed.sinkFor("busy");
        Sink slow = feed.sinkFor("slow");
        feed.startAsync().awaitRunning();
        try {
            slow.accept(lineOnly(0), 1);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            long seq = 0;
            while (!slowSeen.get() && System.nanoTime() < deadline) {
                busy.accept(generated((int) seq), ++seq); // never 100 ms without a full batch
            }
            assertTrue(slowSeen.get(), "the slow source's one record was analysed");
        } finally {
            feed.stopAsync().awaitTerminated(Duration.ofSeconds(10));
        }
    }

    @Test
    void batchesPastTheCpuBudgetAreSkippedCountedAndTheKeptShareTellsTheDetector() {
        FlowFeed feed = feed(4096);
        feed.process(batch(256));
        cpu.addAndGet(100_000_000L); // the batch took 100 ms: far over 20 ms a second
        feed.process(batch(256));
        assertEquals(256, metrics.value("nsr_analysis_records_total", "result", "analysed"));
        assertEquals(256, metrics.value("nsr_analysis_records_total", "result", "sampled_out"));
        assertEquals(256, flows.size());
        assertEquals(0.1, metrics.value("nsr_analysis_cpu_seconds_total"), 1e-9);
        ticker.advance(Duration.ofSeconds(10)); // 10 s earn 200 ms: the debt is paid
        feed.process(batch(256));
        assertEquals(512, flows.size());
        assertEquals(List.of(1.0, 512 / 768.0), shares, "the second analysed batch is told 2 of 3 batches were read");
        assertEquals(512 / 768.0, metrics.value("nsr_analysis_kept_share"), 1e-9);
    }

    @Test
    void aFullQueueDropsWholeBatchesAndCountsThemAgainstTheSourceAndTheShare() throws Exception {
        FlowFeed feed = feed(512); // two batches wait at most
        Sink sink = feed.sinkFor("gen");
        for (int i = 0; i < 3 * FlowFeed.BATCH; i++) {
            sink.accept(generated(i), i + 1);
        }
        assertEquals(256, metrics.value("nsr_sink_dropped_total", "source", "gen", "sink", "dashboard"));
        assertEquals(512, metrics.value("nsr_sink_records_total", "source", "gen", "sink", "dashboard"));
        feed.process(batch(256));
        feed.process(batch(256));
        assertEquals(List.of(0.5, 512 / 768.0), shares, "256 dropped before the first batch: half, then two thirds");
    }

    @Test
    void recordsOfSegmentsTheFeedDoesNotKeepAreCountedAsSampledOutAndTheFeedReadsTheShareItReports() throws Exception {
        FlowFeed feed = feed(1 << 16);
        Sink sink = feed.sinkFor("gen");
        feed.keep(0.25); // the first segment is gathered, then every fourth
        for (int i = 0; i < 16 * FeedSink.SEGMENT; i++) {
            sink.accept(generated(i), i + 1);
        }
        assertEquals(4 * 256, metrics.value("nsr_sink_records_total", "source", "gen", "sink", "dashboard"));
        assertEquals(12 * 256, metrics.value("nsr_analysis_records_total", "result", "sampled_out"));
        assertEquals(0, metrics.value("nsr_sink_dropped_total", "source", "gen", "sink", "dashboard"));
        assertEquals(0, flows.size(), "nothing is analysed on the recording's threads");
        feed.readOnce(new Record[FlowFeed.BATCH]);
        assertEquals(4 * 256, metrics.value("nsr_analysis_records_total", "result", "analysed"));
        assertEquals(4 * 256, flows.size());
        assertEquals(0.25, metrics.value("nsr_analysis_kept_share"), 1e-9, "the share read is the share reported");
        assertEquals(0.25, shares.get(shares.size() - 1), 1e-9, "and the detector is told it");
    }

    @Test
    void aSourcesNewSinkAfterAReloadGoesOnCountingAndAnEndedSinkIsReadToTheEnd() throws Exception {
        FlowFeed feed = feed(1 << 12);
        Sink first = feed.sinkFor("gen");
        for (int i = 0; i < 300; i++) {
            first.accept(generated(i), i + 1);
        }
        first.sourceEnded();
        Sink second = feed.sinkFor("gen");
        for (int i = 0; i < 10; i++) {
            second.accept(generated(i), 301 + i);
        }
        assertEquals(310, metrics.value("nsr_sink_records_total", "source", "gen", "sink", "dashboard"));
        feed.readOnce(new Record[FlowFeed.BATCH]);
        assertEquals(310, metrics.value("nsr_analysis_records_total", "result", "analysed"));
        assertEquals(310, flows.size());
    }
}
