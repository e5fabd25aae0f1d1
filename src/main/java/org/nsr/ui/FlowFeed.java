package org.nsr.ui;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleConsumer;
import java.util.function.LongSupplier;
import org.nsr.core.StopSignal;
import org.nsr.core.Ticker;
import org.nsr.lifecycle.AbstractExecutionThreadService;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;
import org.nsr.record.LineBuffer;
import org.nsr.record.Record;
import org.nsr.record.codec.DirectFlows;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.FlowView;
import org.nsr.record.codec.FlowVisitor;
import org.nsr.sink.Sink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's and the detector's one analysis thread: every source hands it its records
 * through a {@link FeedSink}, a ring the thread reads every {@value #POLL_MILLIS} ms (no lock,
 * queue operation or wake-up on the recording's side), and it reads each record's flows (a
 * generator flow straight from the record, any other kind through the flow view of its line) into
 * the visitor, in chunks of {@value #BATCH}.
 *
 * <p><b>CPU budget.</b> The thread measures its own CPU time ({@link ThreadMXBean}). Once a second
 * its {@link SampleRate} sets the {@link #keep() share} of segments the sinks gather so that the
 * analysis needs about 80 % of its budget ({@code dashboard.cpu_budget}, a share of the machine):
 * a record the feed will not read costs the recording a counter store, not a copy. And past its
 * {@link CpuBudget} the thread skips whole chunks it was handed, so the recording never pays more
 * than the budget for the page and the detector. Both kinds of skipped records are counted
 * ({@code nsr_analysis_records_total{result="sampled_out"}}), sampling is logged at most once a
 * minute, and the share analysed over the last 5 to 10 s is handed to {@code keptShare} before each
 * chunk (the detector scales its thresholds by it) and shown on the page. Records a full ring
 * refuses are dropped and counted as a tap's are ({@code nsr_sink_dropped_total{source,sink}}) and
 * also lower the share.
 *
 * <p>Lifecycle: a {@link org.nsr.lifecycle.Service} started before the sources and stopped after
 * them; at stop it hands on the partial batches and analyses what waits (within the budget).
 */
public final class FlowFeed extends AbstractExecutionThreadService {
    static final int BATCH = 256;
    private static final Logger log = LoggerFactory.getLogger(FlowFeed.class);
    /** How often the thread reads the rings: a slow source (a poll a second) still shows within this. */
    static final long POLL_MILLIS = 20;
    private static final long SHARE_PERIOD_NANOS = 5_000_000_000L;
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;

    record Batch(Record[] records, int size) {
    }

    private final String sinkName;
    private final FlowVisitor visitor;
    private final DoubleConsumer keptShare;
    private final CpuBudget budget;
    private final double budgetShare;
    private final Ticker ticker;
    private final LongSupplier threadCpu;
    private final Metrics metrics;
    private final int ringRecords;
    private final SampleRate rate;
    private final CopyOnWriteArrayList<FeedSink> sinks = new CopyOnWriteArrayList<>(); // being read
    private final CopyOnWriteArrayList<FeedSink> latest = new CopyOnWriteArrayList<>(); // each source's newest
    private final Map<String, FeedSink> lastBySource = new HashMap<>(); // guarded by itself
    private final AtomicLong skippedHere = new AtomicLong();
    private volatile double keep = 1;
    private final StopSignal stop = new StopSignal();
    private final Counter analysed;
    private final Counter failed;
    private final Counter cpu;
    private long undeliveredBefore;
    private final Flow scratch = new Flow();
    private final FlowView view = new FlowView();
    private final LineBuffer line = new LineBuffer(4096);
    // the analysis thread's own state
    private long periodStart = Long.MIN_VALUE;
    private long keptNow;
    private long allNow;
    private long keptBefore;
    private long allBefore;
    private volatile double share = 1;
    private long lastCpu = -1;
    private long lastSampleLog = Long.MIN_VALUE;
    private long sampledSinceLog;

    /**
     * @param sinkName the sinks' name in metrics ({@code dashboard} or {@code detector})
     * @param queueRecords records waiting for the thread at most, per source (rounded up to a power of two)
     * @param budgetShare the CPU share of the whole machine the thread may use, above 0 and at most 1
     * @param keptShare told, before each analysed batch, the share of records analysed lately
     */
    public FlowFeed(String sinkName, FlowVisitor visitor, DoubleConsumer keptShare, int queueRecords,
            double budgetShare, Ticker ticker, Metrics metrics) {
        this(sinkName, visitor, keptShare, queueRecords, budgetShare, Runtime.getRuntime().availableProcessors(),
                ticker, threadCpuClock(), metrics);
    }

    FlowFeed(String sinkName, FlowVisitor visitor, DoubleConsumer keptShare, int queueRecords, double budgetShare,
            int processors, Ticker ticker, LongSupplier threadCpu, Metrics metrics) {
        super("flow analysis");
        this.sinkName = sinkName;
        this.visitor = visitor;
        this.keptShare = keptShare;
        this.budget = new CpuBudget(budgetShare, processors);
        this.budgetShare = budgetShare;
        this.ticker = ticker;
        this.threadCpu = threadCpu;
        this.metrics = metrics;
        this.ringRecords = queueRecords;
        this.rate = new SampleRate(budgetShare * processors);
        String help = "Records the dashboard's and detector's analysis thread took, by result (sampled_out: skipped "
                + "to stay within dashboard.cpu_budget)";
        this.analysed = metrics.counter("nsr_analysis_records_total", help, "result", "analysed");
        metrics.counterFrom("nsr_analysis_records_total", help, this::sampledOut, "result", "sampled_out");
        this.failed = metrics.counter("nsr_analysis_records_total", help, "result", "failed");
        this.cpu = metrics.nanosecondsCounter("nsr_analysis_cpu_seconds_total",
                "CPU time the dashboard's and detector's analysis thread used");
        metrics.gauge("nsr_analysis_kept_share", "Share of the records of the last 5 to 10 s the analysis read "
                + "(1 unless over dashboard.cpu_budget or its queue was full)", () -> share);
        metrics.gauge("nsr_analysis_cpu_budget_share", "dashboard.cpu_budget: the share of the machine the analysis "
                + "thread may use", () -> budgetShare);
    }

    /** The thread CPU clock; a JVM without one gets the wall clock, so the budget errs on the safe side. */
    private static LongSupplier threadCpuClock() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (bean.isCurrentThreadCpuTimeSupported()) {
            if (!bean.isThreadCpuTimeEnabled()) {
                bean.setThreadCpuTimeEnabled(true);
            }
            return bean::getCurrentThreadCpuTime;
        }
        log.warn("this JVM cannot measure a thread's CPU time: the flow analysis charts its wall time against "
                + "dashboard.cpu_budget instead");
        return System::nanoTime;
    }

    /** The sink that hands one source's records to this thread; a reload's new sink goes on counting. */
    public Sink sinkFor(String source) {
        FeedSink s;
        synchronized (lastBySource) {
            s = new FeedSink(source, sinkName, this, ringRecords, lastBySource.get(source), metrics);
            FeedSink previous = lastBySource.put(source, s);
            latest.add(s);
            latest.remove(previous); // its counts go on in s
        }
        sinks.add(s);
        return s;
    }

    /** The share of segments the sinks gather, set once a second by the thread; read by the sinks per segment. */
    double keep() {
        return keep;
    }

    private long sampledOut() {
        long n = skippedHere.get();
        for (FeedSink s : latestSinks()) {
            n += s.sampledOut();
        }
        return n;
    }

    /** The newest sink of each source (it carries on its predecessors' counts). */
    private Iterable<FeedSink> latestSinks() {
        return latest;
    }

    /** Every record the sinks were handed. */
    private long seen() {
        long n = 0;
        for (FeedSink s : latestSinks()) {
            n += s.delivered() + s.undelivered();
        }
        return n;
    }

    private long undelivered() {
        long n = 0;
        for (FeedSink s : latestSinks()) {
            n += s.undelivered();
        }
        return n;
    }

    /** The share of records analysed over the last 5 to 10 s. */
    public double keptShare() {
        return share;
    }

    @Override
    protected void run() throws InterruptedException {
        Record[] chunk = new Record[BATCH];
        while (true) {
            boolean last = stop.isRaised(); // the sources have stopped: one more pass reads what they left
            boolean busy = readOnce(chunk);
            adjustKeep();
            if (last) {
                return;
            }
            if (!busy) {
                stop.await(Duration.ofMillis(POLL_MILLIS));
            }
        }
    }

    /**
     * One pass over the sinks: reads what waits in each (at most what waits when the pass reaches
     * it, so a busy source cannot keep the others waiting) and forgets the ended sinks it emptied.
     *
     * @return true when a sink filled a whole chunk (the next pass should not wait)
     */
    boolean readOnce(Record[] chunk) {
        boolean busy = false;
        for (FeedSink s : sinks) {
            boolean ended = s.ended(); // before reading: what an ended sink holds is all it will hold
            for (long w = s.waiting(); w > 0; ) {
                int n = s.drainTo(chunk, (int) Math.min(chunk.length, w));
                if (n == 0) {
                    break;
                }
                w -= n;
                busy |= n == chunk.length;
                process(chunk, n);
                Arrays.fill(chunk, 0, n, null); // the records may die now
            }
            if (ended && s.waiting() == 0) {
                sinks.remove(s);
            }
        }
        return busy;
    }

    /** Sets the share of segments the sinks gather: the thread's, once a second; tests may call it. */
    void keep(double share) {
        keep = share;
    }

    private void adjustKeep() {
        long now = ticker.nanoTime();
        double k = rate.update(now, threadCpu.getAsLong(), analysed.get(), seen());
        keep(k);
        if (k < 1 && (lastSampleLog == Long.MIN_VALUE || now - lastSampleLog >= LOG_EVERY_NANOS)) {
            log.info("flow analysis samples {} % of the records to stay within dashboard.cpu_budget ({} % of the "
                    + "machine); {} % of the recent records analysed; the detector scales its thresholds to the "
                    + "sample (counted in nsr_analysis_records_total{{result=\"sampled_out\"}})",
                    Math.round(k * 10000) / 100.0, budgetShare * 100, Math.round(share * 1000) / 10.0);
            lastSampleLog = now;
        }
    }

    /** Analyses one chunk, or skips it when over budget; callable from tests on their own thread. */
    void process(Batch b) {
        process(b.records(), b.size());
    }

    private void process(Record[] records, int size) {
        long now = ticker.nanoTime();
        long cpuNow = threadCpu.getAsLong();
        if (lastCpu >= 0) {
            cpu.add(Math.max(0, cpuNow - lastCpu));
        }
        lastCpu = cpuNow;
        long undeliveredNow = undelivered();
        foldShare(now, undeliveredNow - undeliveredBefore);
        undeliveredBefore = undeliveredNow;
        boolean allowed = budget.allow(now, cpuNow);
        allNow += size;
        if (allowed) {
            keptNow += size;
        }
        share = (double) (keptBefore + keptNow) / (allBefore + allNow);
        if (allowed) {
            keptShare.accept(share); // this chunk included, so it is never 0
            for (int i = 0; i < size; i++) {
                analyse(records[i]);
            }
            analysed.add(size);
        } else {
            skippedHere.addAndGet(size);
            sampledSinceLog += size;
            if (lastSampleLog == Long.MIN_VALUE || now - lastSampleLog >= LOG_EVERY_NANOS) {
                log.info("flow analysis at its CPU budget (dashboard.cpu_budget {} % of the machine): {} records "
                        + "skipped since the last note, {} % of the recent records analysed; the detector scales its "
                        + "thresholds to the sample (counted in nsr_analysis_records_total{{result=\"sampled_out\"}})",
                        budgetShare * 100, sampledSinceLog, Math.round(share * 1000) / 10.0);
                lastSampleLog = now;
                sampledSinceLog = 0;
            }
        }
    }

    private void foldShare(long now, long dropped) {
        if (periodStart == Long.MIN_VALUE || now - periodStart >= SHARE_PERIOD_NANOS) {
            keptBefore = periodStart == Long.MIN_VALUE ? 0 : keptNow;
            allBefore = periodStart == Long.MIN_VALUE ? 0 : allNow;
            keptNow = 0;
            allNow = 0;
            periodStart = now;
        }
        allNow += dropped;
    }

    private boolean failing;

    private void analyse(Record r) {
        try {
            if (r instanceof DirectFlows d) {
                d.flows(scratch, visitor); // a generator flow: no line to write and read back
            } else {
                line.reset();
                r.writeJson(line);
                view.visit(line.array(), 0, line.size(), r.timestampNanos(), visitor);
            }
            failing = false;
        } catch (RuntimeException e) {
            failed.increment();
            if (!failing) {
                failing = true;
                log.warn("flow analysis: a record cannot be read ({}); skipped and counted in "
                        + "nsr_analysis_records_total{{result=\"failed\"}}", e.toString());
            }
        }
    }

    @Override
    protected void triggerShutdown() {
        stop.raise();
    }
}
