package org.nsr.source.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nsr.channel.Channel;
import org.nsr.core.StopSignal;
import org.nsr.core.Ticker;
import org.nsr.metrics.Metrics;
import org.nsr.record.Record;
import org.nsr.record.codec.FlowView;
import org.nsr.sink.Watermark;
import org.nsr.sink.Watermarks;
import org.nsr.source.SourceContext;
import org.nsr.testing.ListChannel;
import org.nsr.testing.MessyTrafficCsv;

class CsvSourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private CsvSourceSpec spec(Path csv, boolean follow) {
        return new CsvSourceSpec("traffic", csv, Duration.ZERO, 0, follow, "timestamp", Duration.ofMillis(10),
                csv.resolveSibling(csv.getFileName() + ".nsr-position"), 1 << 20);
    }

    /** Runs the source on a thread; returns its stop signal and failure holder. */
    private record Running(Thread thread, StopSignal stop, AtomicReference<Throwable> failure) {
        void stopAndJoin() throws Exception {
            stop.raise();
            thread.join(30_000);
            assertTrue(!thread.isAlive(), "the source ended at stop");
            if (failure.get() != null) {
                throw new AssertionError("the source failed", failure.get());
            }
        }
    }

    /** Hands records to {@code out} and marks each durable at once, as a writer that fsyncs every record would. */
    private record DurableAtOnce(ListChannel out, Watermark durable) implements Channel {
        @Override
        public String name() {
            return out.name();
        }

        @Override
        public long put(Record record) {
            long seq = out.put(record);
            durable.advanceTo(seq);
            return seq;
        }
    }

    private Running start(CsvSourceSpec spec, ListChannel out, Metrics metrics) {
        StopSignal stop = new StopSignal();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Watermarks watermarks = new Watermarks(metrics);
        CsvSource source = new CsvSource(spec, new SourceContext(Ticker.SYSTEM, metrics, watermarks, null));
        Channel durableOut = new DurableAtOnce(out, watermarks.durable(spec.name()));
        Thread t = new Thread(() -> {
            try {
                source.run(durableOut, stop);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        return new Running(t, stop, failure);
    }

    private static List<String> sessions(List<String> lines) throws Exception {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.add(JSON.readTree(l).get("csv_row").get("session_id").asText());
        }
        return out;
    }

    @Test
    void everyGoodRowIsRecordedAsATypedRowWithItsLineAndBadRowsAreCounted() throws Exception {
        Path csv = dir.resolve("t.csv");
        MessyTrafficCsv.Written w = new MessyTrafficCsv().seed(5).badRows(0.02).bomAndCrlf().write(csv, 2_000);
        Metrics metrics = new Metrics();
        ListChannel out = new ListChannel("traffic", 0);
        Running r = start(spec(csv, false), out, metrics);
        out.awaitLines((int) w.goodRows());
        r.stopAndJoin();
        assertEquals(w.goodRows(), out.lines().size());
        assertEquals(w.badLines().size(), metrics.value("nsr_csv_bad_rows_total", "source", "traffic"));
        JsonNode first = JSON.readTree(out.lines().get(0));
        assertTrue(first.get("timestamp").isIntegralNumber());
        assertEquals(2, first.get("csv_line").asLong());
        assertTrue(first.get("csv_row").has("timestamp"), "the BOM is not part of the first column");
        int flows = 0;
        FlowView view = new FlowView();
        for (String l : out.lines()) {
            byte[] b = l.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int n = view.visit(b, 0, b.length, 0, f -> { });
            flows += Math.max(0, n);
        }
        assertTrue(flows > out.lines().size() * 8 / 10, "rows with good IPs are flows through the flow view: " + flows);
    }

    @Test
    void aStopAndRestartGoOnFromTheNextRowWithNoneTwiceAndNoneSkipped() throws Exception {
        Path csv = dir.resolve("t.csv");
        MessyTrafficCsv.Written w = new MessyTrafficCsv().seed(9).mess(0).write(csv, 50_000);
        ListChannel out = new ListChannel("traffic", 0);
        Running r = start(spec(csv, false), out, new Metrics());
        out.awaitLines(1_000);
        r.stopAndJoin();
        int firstRun = out.lines().size();
        assertTrue(firstRun < w.goodRows(), "stopped mid-file (" + firstRun + ")");
        Running again = start(spec(csv, false), out, new Metrics());
        out.awaitLines((int) w.goodRows());
        again.stopAndJoin();
        List<String> s = sessions(out.lines());
        assertEquals(w.goodRows(), s.size());
        assertEquals(s.size(), new HashSet<>(s).size(), "no row twice");
    }

    @Test
    void followReadsAGrowingFileAndGoesOnAfterRotation() throws Exception {
        Path csv = dir.resolve("live.csv");
        new MessyTrafficCsv().seed(1).mess(0).write(csv, 100);
        ListChannel out = new ListChannel("traffic", 0);
        Running r = start(spec(csv, true), out, new Metrics());
        out.awaitLines(100);
        new MessyTrafficCsv().seed(2).mess(0).append(csv, 50);
        out.awaitLines(150);
        // rotate: the old file gets a last few rows, moves away, a new file takes the name
        new MessyTrafficCsv().seed(3).mess(0).append(csv, 7);
        Files.move(csv, dir.resolve("live.csv.1"));
        new MessyTrafficCsv().seed(4).mess(0).write(csv, 20);
        out.awaitLines(177);
        r.stopAndJoin();
        Set<String> s = new HashSet<>(sessions(out.lines()));
        assertEquals(177, out.lines().size());
        assertEquals(177, s.size(), "no row twice");
        assertTrue(s.contains("s-3-6") && s.contains("s-4-19") && s.contains("s-2-49"),
                "the grown part, the old file's last rows and the new file are all read");
    }
}
