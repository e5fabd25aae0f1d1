package org.nsr.source.gen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.nsr.core.StopSignal;
import org.nsr.metrics.Counter;
import org.nsr.channel.Channel;
import org.nsr.core.Ticker;
import org.nsr.source.Source;
import org.nsr.source.SourceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code generator} source: {@code threads} generator threads, each with its own stream id and
 * random generator, put flows stamped with the context clock's wall-clock time straight onto the
 * source's queue, together paced to {@code rate}.
 *
 * <p>Pacing runs on the ticker's monotonic time so a wall-clock step does not cause a burst or a
 * pause; waits are on the stop signal, so a stop ends them at once. A flow being made when stop is
 * raised is still put. {@link #run} joins every generator thread before returning.
 */
final class GeneratorSource implements Source {
    private static final Logger LOG = LoggerFactory.getLogger(GeneratorSource.class);
    /** How often the waiting run thread looks for a failed generator thread. */
    private static final Duration FAILURE_CHECK = Duration.ofMillis(100);
    /** At most this much lost time is made up by generating faster than the rate. */
    private static final long MAX_CATCH_UP_NANOS = 1_000_000_000L;
    /**
     * Waits shorter than this are not worth a park (a few microseconds between flows at high
     * rates): flows up to 1 ms early go at once, so the rate holds over each millisecond.
     */
    private static final long MIN_WAIT_NANOS = 1_000_000L;

    private final GeneratorSourceSpec spec;
    private final Ticker ticker;
    private final Counter records;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean halted;

    GeneratorSource(GeneratorSourceSpec spec, SourceContext context) {
        this.spec = spec;
        this.ticker = context.ticker();
        this.records = context.metrics().counter("nsr_source_records_total", "Records produced by the source",
                "source", spec.name());
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public void run(Channel out, StopSignal stop) throws Exception {
        long seed = spec.seed() != null ? spec.seed() : new SplittableRandom().nextLong();
        GeneratorConfig config = spec.config();
        int n = spec.threads();
        LOG.info("source {}: {} generator threads, rate {}, seed {}", spec.name(), n,
                spec.unlimited() ? "unlimited" : spec.rate() + " flows/s", seed);
        List<Thread> threads = new ArrayList<>();
        for (int s = 1; s <= n; s++) {
            long quota = config.maxFlows() < 0 ? Long.MAX_VALUE
                    : config.maxFlows() / n + (s - 1 < config.maxFlows() % n ? 1 : 0);
            Worker w = new Worker(new FlowFactory(config, s, seed), quota, out, stop);
            Thread t = new Thread(w, spec.name() + " generator-" + s);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        try {
            while (!ticker.await(stop, FAILURE_CHECK) && failure.get() == null) {
                // waiting for stop; checked periodically so a dead generator thread fails the source
            }
        } finally {
            halted = true;
            joinAll(threads);
        }
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("source " + spec.name() + ": a generator thread failed: " + t, t);
        }
    }

    private void joinAll(List<Thread> threads) throws InterruptedException {
        boolean interrupted = false;
        for (Thread t : threads) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    // our own stop was interrupted: make the helpers give up their waits, still join them
                    interrupted = true;
                    threads.forEach(Thread::interrupt);
                }
            }
        }
        if (interrupted) {
            throw new InterruptedException("source " + spec.name() + " interrupted while stopping");
        }
    }

    private long nowNanos() {
        return ticker.epochNanos();
    }

    private final class Worker implements Runnable {
        private final FlowFactory factory;
        private final long quota;
        private final Channel out;
        private final StopSignal stop;

        Worker(FlowFactory factory, long quota, Channel out, StopSignal stop) {
            this.factory = factory;
            this.quota = quota;
            this.out = out;
            this.stop = stop;
        }

        @Override
        public void run() {
            double nanosPerFlow = spec.unlimited() ? 0 : 1e9 * spec.threads() / spec.rate();
            long durationNanos = spec.config().durationNanos();
            long start = ticker.nanoTime();
            long made = 0;
            try {
                while (!stop.isRaised() && !halted && made < quota) {
                    long elapsed = ticker.nanoTime() - start;
                    if (durationNanos >= 0 && elapsed >= durationNanos) {
                        break;
                    }
                    long ahead = (long) (made * nanosPerFlow) - elapsed;
                    if (ahead < -MAX_CATCH_UP_NANOS) {
                        // long blocked on a full queue: resume the rate instead of bursting to catch up
                        start += -ahead - MAX_CATCH_UP_NANOS;
                        ahead = -MAX_CATCH_UP_NANOS;
                    }
                    if (ahead > MIN_WAIT_NANOS) {
                        ticker.await(stop, Duration.ofNanos(ahead));
                        continue; // re-check stop, then make the flow that is now due
                    }
                    out.put(factory.next(nowNanos()));
                    records.increment();
                    made++;
                }
                if (!stop.isRaised() && !halted) {
                    LOG.info("source {}: stream {} reached its share of max_flows/duration_seconds after {} flows; "
                            + "idle until stop", spec.name(), factory.streamId(), made);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("source {}: stream {} interrupted after {} flows", spec.name(), factory.streamId(), made);
            } catch (RuntimeException | Error e) {
                LOG.error("source {}: stream {} failed after {} flows", spec.name(), factory.streamId(), made, e);
                failure.compareAndSet(null, e);
            }
        }
    }
}
