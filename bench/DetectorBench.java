import java.util.Arrays;
import java.util.Random;
import org.nsr.config.DetectSettings;
import org.nsr.detect.Detector;
import org.nsr.metrics.Metrics;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.LineKinds;

/**
 * The DDoS detector's throughput on one core: flows per second through {@link Detector#flow}
 * (every rule, default thresholds) on one thread. The flows are made up front (a mix of 100,000
 * source IPs, 1,000 destinations, TCP web and SYN-sized flows, UDP and DNS answers, 200,000 flows
 * per second of stream time), so only the detector is timed. Median of RUNS runs; the target is
 * 500,000 records/s.
 *
 * <p>Run: {@code bench/detector.sh [FLOWS] [RUNS]}.
 */
public final class DetectorBench {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Random r = new Random(42);
        long t0 = 1_800_000_000_000_000_000L;
        int[] src = new int[n], dst = new int[n], sport = new int[n], dport = new int[n], proto = new int[n];
        long[] time = new long[n], packets = new long[n], bytes = new long[n];
        for (int i = 0; i < n; i++) {
            time[i] = t0 + i * 5_000L; // 200,000 flows per second of stream time
            src[i] = 0x0B000000 + r.nextInt(100_000);
            dst[i] = 0x0A000000 + r.nextInt(1_000);
            int kind = r.nextInt(10);
            proto[i] = kind < 6 ? 6 : 17;
            sport[i] = kind == 9 ? 53 : 1024 + r.nextInt(60_000);
            dport[i] = kind < 4 ? 443 : kind < 6 ? 22 : 1024 + r.nextInt(60_000);
            packets[i] = kind == 5 ? 1 : 1 + r.nextInt(40);
            bytes[i] = packets[i] * (kind == 5 ? 60 : kind == 9 ? 1200 : 200 + r.nextInt(1200));
        }
        double[] rates = new double[runs];
        long alerts = 0;
        for (int run = 0; run < runs; run++) {
            Detector d = new Detector(DetectSettings.defaults(), new Metrics());
            Flow f = new Flow();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                d.flow(f.fill(LineKinds.OTHER, time[i] + run * 100_000_000_000L, src[i], dst[i], sport[i], dport[i],
                        proto[i], packets[i], bytes[i], Double.NaN, Double.NaN));
            }
            long took = System.nanoTime() - start;
            rates[run] = n / (took / 1e9);
            alerts += d.totalAlerts();
            System.out.printf("run %d: %d flows in %.2f s = %.0f records/s%n", run + 1, n, took / 1e9, rates[run]);
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        double median = sorted[runs / 2];
        System.out.printf("median: %.0f records/s on one thread (target 500000: %s); alerts raised %d%n", median,
                median >= 500_000 ? "met" : "NOT met", alerts);
    }
}
