import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.nsr.metrics.Counter;
import org.nsr.metrics.Metrics;

/**
 * How much one counter increment costs on the hot path: our {@link Counter} (a LongAdder, what
 * every source, queue and writer bumps) against the Prometheus client's own counter (with and
 * without exemplars), with 1 and 2 threads bumping the same series. JMH-free on purpose: a
 * median of several timed runs is enough to see a several-fold difference.
 *
 * <p>Run: {@code bench/counter.sh} (single-file source launch, like RetentionBench).
 */
public final class CounterIncrementBench {
    private static final long OPS_PER_THREAD = 50_000_000L;
    private static final int RUNS = 5;

    private interface Bump {
        void run();
    }

    public static void main(String[] args) throws Exception {
        Counter ours = new Metrics().counter("nsr_bench_total", "bench", "source", "flowinfo");
        PrometheusRegistry registry = new PrometheusRegistry();
        CounterDataPoint client = io.prometheus.metrics.core.metrics.Counter.builder().name("bench_client_total")
                .help("bench").labelNames("source").register(registry).labelValues("flowinfo");
        CounterDataPoint clientNoExemplars = io.prometheus.metrics.core.metrics.Counter.builder()
                .name("bench_client_plain_total").help("bench").labelNames("source").withoutExemplars()
                .register(registry).labelValues("flowinfo");
        for (int threads : new int[] {1, 2}) {
            report("nsr Counter (LongAdder)", threads, ours::increment);
            report("prometheus Counter", threads, client::inc);
            report("prometheus Counter, no exemplars", threads, clientNoExemplars::inc);
        }
        System.out.println("checksum " + ours.get() + " " + client.get() + " " + clientNoExemplars.get());
    }

    private static void report(String what, int threads, Bump bump) throws Exception {
        run(threads, bump); // warm-up
        double[] ns = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            ns[i] = run(threads, bump);
        }
        Arrays.sort(ns);
        System.out.printf("%-34s threads=%d  median %.2f ns/op (min %.2f, max %.2f)%n", what, threads, ns[RUNS / 2],
                ns[0], ns[RUNS - 1]);
    }

    /** Nanoseconds per increment, per thread, with {@code threads} bumping at once. */
    private static double run(int threads, Bump bump) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (long i = 0; i < OPS_PER_THREAD; i++) {
                    bump.run();
                }
            }, "bench-" + t);
            w.start();
            workers.add(w);
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        return (double) (System.nanoTime() - t0) / OPS_PER_THREAD;
    }
}
