package org.nsr.ui;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
 * The dashboard's and the detector's one analysis thread: every source hands it its records in
 * batches of {@value #BATCH} through a {@link FeedSink} (no lock or wake-up per record on the
 * recording's side, unlike a per-record tap), and it reads each record's flows (a generator flow
 * straight from the record, any other kind through the flow view of its line) into the visitor.
 *
 * <p><b>CPU budget.</b> The thread measures its own CPU time ({@link ThreadMXBean}) and, past its
 * {@link CpuBudget} ({@code dashboard.cpu_budget}, a share of the machine), skips whole batches:
 * the recording never pays more than the budget for the page and the detector. Skipped records are
 * counted ({@code nsr_analysis_records_total{result="sampled_out"}}), logged at most once a minute,
 * and the share analysed over the last 5 to 10 s is handed to {@code keptShare} before each batch
 * (the detector scales its thresholds by it) and shown on the page. Batches a full queue refuses
 * are dropped and counted as a tap's are ({@code nsr_sink_dropped_total{source,sink}}) and also
 * lower the share.
 *
 * <p>Lifecycle: a {@link org.nsr.lifecycle.Service} started before the sources and stopped after
 * them; at stop it hands on the partial batches and analyses what waits (within the budget).
 */
public final class FlowFeed extends AbstractExecutionThreadService {
    static final int BATCH = 256;
    private static final Logger log = LoggerFactory.getLogger(FlowFeed.class);
    /** How long a partial batch may wait: a slow source (a poll a second) still shows within this. */
    private static final long FLUSH_MILLIS = 100;
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
    private final ArrayBlockingQueue<Batch> queue;
    private final CopyOnWriteArrayList<FeedSink> sinks = new CopyOnWriteArrayList<>();
    private final StopSignal stop = new StopSignal();
    private final Counter analysed;
    private final Counter sampledOut;
    private final Counter failed;
    private final Counter cpu;
    private final AtomicLong droppedSinceLastBatch = new AtomicLong();
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
     * @param queueRecords records waiting for the thread at most (rounded to whole batches)
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
        this.queue = new ArrayBlockingQueue<>(Math.max(2, queueRecords / BATCH));
        String help = "Records the dashboard's and detector's analysis thread took, by result (sampled_out: skipped "
                + "to stay within dashboard.cpu_budget)";
        this.analysed = metrics.counter("nsr_analysis_records_total", help, "result", "analysed");
        this.sampledOut = metrics.counter("nsr_analysis_records_total", help, "result", "sampled_out");
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

    /** The sink that hands one source's records to this thread. */
    public Sink sinkFor(String source) {
        FeedSink s = new FeedSink(source, sinkName, this, metrics);
        sinks.add(s);
        return s;
    }

    void ended(FeedSink s) {
        sinks.remove(s);
    }

    /** Takes a batch from a source's sink; false (the caller counts the drop) when the queue is full. */
    boolean offer(Record[] records, int n) {
        return queue.offer(new Batch(records, n));
    }

    void dropped(long records) {
        droppedSinceLastBatch.addAndGet(records);
    }

    /** The share of records analysed over the last 5 to 10 s. */
    public double keptShare() {
        return share;
    }

    @Override
    protected void run() throws InterruptedException {
        long lastFlush = System.nanoTime();
        while (true) {
            Batch b = queue.poll(FLUSH_MILLIS, TimeUnit.MILLISECONDS);
            if (b != null) {
                process(b);
                // a busy source keeps the queue full: a slow one (a poll a second) is still flushed on time
                if (System.nanoTime() - lastFlush < FLUSH_MILLIS * 1_000_000L) {
                    continue;
                }
            }
            lastFlush = System.nanoTime();
            for (FeedSink s : sinks) {
                s.handOverPartial();
            }
            if (b == null && stop.isRaised() && queue.isEmpty()) {
                return;
            }
        }
    }

    /** Analyses one batch, or skips it when over budget; callable from tests on their own thread. */
    void process(Batch b) {
        long now = ticker.nanoTime();
        long cpuNow = threadCpu.getAsLong();
        if (lastCpu >= 0) {
            cpu.add(Math.max(0, cpuNow - lastCpu));
        }
        lastCpu = cpuNow;
        foldShare(now, droppedSinceLastBatch.getAndSet(0));
        boolean allowed = budget.allow(now, cpuNow);
        allNow += b.size();
        if (allowed) {
            keptNow += b.size();
        }
        share = (double) (keptBefore + keptNow) / (allBefore + allNow);
        if (allowed) {
            keptShare.accept(share); // this batch included, so it is never 0
            for (int i = 0; i < b.size(); i++) {
                analyse(b.records()[i]);
            }
            analysed.add(b.size());
        } else {
            sampledOut.add(b.size());
            sampledSinceLog += b.size();
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
