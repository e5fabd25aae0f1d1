import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.nsr.config.DetectSettings;
import org.nsr.detect.Detector;
import org.nsr.metrics.Metrics;
import org.nsr.record.codec.Flow;
import org.nsr.record.codec.FlowVisitor;
import org.nsr.source.gen.FlowRecord;
import org.nsr.ui.TrafficWindow;

/**
 * What the dashboard's flow analysis costs per record, in CPU time of its one thread
 * (ThreadMXBean): generator flow records (sources spread over two /16s, destinations over a /16
 * and a /24, as the generator's defaults) read straight from the record (DirectFlows) into the
 * traffic window and the detector, as the analysis thread does; and, once per second of stream
 * time, the traffic part of the page's snapshot (top talkers and conversations over 1 and 5 min,
 * protocol mix, alerts) built and written as JSON, as the publisher does each tick. Prints the
 * median over RUNS of CPU ns per record and CPU ms per tick; at R records/s the analysis costs
 * R x ns/record of one core, the page's tick ms/tick per second.
 *
 * <p>Run: {@code bench/analysis.sh [RECORDS] [RUNS] [RECORDS_PER_SECOND]}.
 */
public final class AnalysisBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 4_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int perSecond = args.length > 2 ? Integer.parseInt(args[2]) : 700_000;
        Random r = new Random(42);
        long t0 = 1_800_000_000_000_000_000L;
        FlowRecord[] records = new FlowRecord[n];
        for (int i = 0; i < n; i++) {
            int src = (r.nextBoolean() ? 0xC0A80000 : 0x0A0A0000) | r.nextInt(65_536);
            int dst = r.nextInt(10) == 0 ? 0xCB007100 | r.nextInt(256) : 0x0A640000 | r.nextInt(65_536);
            int kind = r.nextInt(10);
            records[i] = new FlowRecord(1, i, t0 + (long) (i * (1e9 / perSecond)), src, dst, 1024 + r.nextInt(60_000),
                    kind < 5 ? 443 : kind < 7 ? 80 : 53, kind < 7 ? 6 : 17, 1 + r.nextInt(40), 64 + r.nextInt(60_000));
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        ObjectMapper json = new ObjectMapper();
        double[] perRecord = new double[runs];
        double[] perTick = new double[runs];
        for (int run = 0; run < runs; run++) {
            TrafficWindow traffic = new TrafficWindow(10_000);
            Detector detector = new Detector(DetectSettings.defaults(), new Metrics(), false);
            String mode = System.getProperty("mode", "both"); // traffic, detector or both: where the time goes
            FlowVisitor both = mode.equals("traffic") ? traffic::add : mode.equals("detector") ? detector::flow : f -> {
                traffic.add(f);
                detector.flow(f);
            };
            Flow scratch = new Flow();
            long tickCpu = 0;
            int ticks = 0;
            long bytes = 0;
            long start = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                records[i].flows(scratch, both);
                if (i % perSecond == perSecond - 1) {
                    long a = cpu.getCurrentThreadCpuTime();
                    Map<String, Object> t = new LinkedHashMap<>();
                    t.put("talkers_1m", traffic.topTalkers(1, 10));
                    t.put("talkers_5m", traffic.topTalkers(5, 10));
                    t.put("conversations_1m", traffic.topConversations(1, 10));
                    t.put("conversations_5m", traffic.topConversations(5, 10));
                    t.put("protocols_1m", traffic.protocolMix(1));
                    t.put("attacks", detector.snapshot());
                    bytes += json.writeValueAsString(t).length();
                    tickCpu += cpu.getCurrentThreadCpuTime() - a;
                    ticks++;
                }
            }
            long took = cpu.getCurrentThreadCpuTime() - start - tickCpu;
            perRecord[run] = (double) took / n;
            perTick[run] = ticks == 0 ? 0 : tickCpu / 1e6 / ticks;
            System.out.printf("run %d: %.0f ns CPU per record (analysis), %.2f ms CPU per tick over %d ticks (%d B of"
                    + " JSON each), %d alerts%n", run + 1, perRecord[run], perTick[run], ticks, ticks == 0 ? 0 : bytes
                    / ticks, detector.totalAlerts());
        }
        Arrays.sort(perRecord);
        Arrays.sort(perTick);
        double ns = perRecord[runs / 2];
        double ms = perTick[runs / 2];
        System.out.printf("median: %.0f ns CPU per record, %.2f ms CPU per tick; at %d records/s the analysis takes "
                + "%.1f %% of one core and the tick %.2f %%%n", ns, ms, perSecond, ns * perSecond / 1e7, ms / 10);
    }
}
