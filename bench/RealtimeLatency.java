import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Reads `nsr generate --realtime -o csv --no-header` from stdin and prints the latency from each
 * flow's timestamp (column 2, epoch ns: when it was due) to when its line arrived here. The first
 * second is left out (JVM warm-up of both ends) and reported apart.
 */
public class RealtimeLatency {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII), 1 << 16);
        long[] lat = new long[1 << 20];
        int n = 0;
        long warmup = 0;
        long first = -1;
        String line;
        while ((line = in.readLine()) != null) {
            Instant now = Instant.now();
            long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
            int a = line.indexOf(',');
            long ts = Long.parseLong(line.substring(a + 1, line.indexOf(',', a + 1)));
            if (first < 0) {
                first = ts;
            }
            if (ts - first < 1_000_000_000L) {
                warmup++;
                continue;
            }
            if (n == lat.length) {
                lat = Arrays.copyOf(lat, n * 2);
            }
            lat[n++] = nowNanos - ts;
        }
        long[] s = Arrays.copyOf(lat, n);
        Arrays.sort(s);
        if (n == 0) {
            System.out.println("no flows after the first second");
            return;
        }
        System.out.printf("flows measured: %d (first second, %d flows, left out)%n", n, warmup);
        System.out.printf("latency ms: p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f%n", s[n / 2] / 1e6,
                s[(int) (n * 0.9)] / 1e6, s[(int) (n * 0.99)] / 1e6, s[(int) (n * 0.999)] / 1e6, s[n - 1] / 1e6);
    }
}
