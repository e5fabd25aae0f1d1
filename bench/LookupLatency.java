import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.nsr.index.IndexKind;
import org.nsr.index.Lookup;

/**
 * In-process latency of `nsr lookup DIR connection4 KEY` (JVM start excluded): reads one key a
 * line from KEYS, runs every lookup once to warm up, then ROUNDS rounds over all keys, each a
 * fresh Lookup (listing the recording and its index files as the command does), output discarded.
 * Prints p50, p99 and max in ms (target p99 < 200 ms). Then, for the first NOINDEX keys (default
 * 3), the same lookup with --no-index (a full scan) in-process, its outputs compared byte for byte
 * with the indexed ones, and the ratio of the medians (target >= 100x).
 *
 *   java -cp target/nsr.jar bench/LookupLatency.java DIR KEYS [ROUNDS] [NOINDEX]
 */
public class LookupLatency {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        List<String> keys = Files.readAllLines(Path.of(args[1])).stream().filter(s -> !s.isBlank()).toList();
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int noIndex = Math.min(keys.size(), args.length > 3 ? Integer.parseInt(args[3]) : 3);
        OutputStream sink = OutputStream.nullOutputStream();
        for (String k : keys) {
            run(dir, k, sink, true);
        }
        long[] t = new long[keys.size() * rounds];
        int n = 0;
        for (int r = 0; r < rounds; r++) {
            for (String k : keys) {
                long t0 = System.nanoTime();
                run(dir, k, sink, true);
                t[n++] = System.nanoTime() - t0;
            }
        }
        Arrays.sort(t);
        System.out.printf("in-process connection4 lookups: %d, p50 %.1f ms, p99 %.1f ms, max %.1f ms (target p99 < 200 ms)%n",
                n, t[n / 2] / 1e6, t[(int) Math.min(n - 1, Math.ceil(n * 0.99) - 1)] / 1e6, t[n - 1] / 1e6);
        if (noIndex == 0) {
            return;
        }
        long[] with = new long[noIndex];
        long[] without = new long[noIndex];
        boolean equal = true;
        for (int i = 0; i < noIndex; i++) {
            ByteArrayOutputStream a = new ByteArrayOutputStream();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            long t0 = System.nanoTime();
            run(dir, keys.get(i), a, true);
            long t1 = System.nanoTime();
            run(dir, keys.get(i), b, false);
            long t2 = System.nanoTime();
            with[i] = t1 - t0;
            without[i] = t2 - t1;
            equal &= Arrays.equals(a.toByteArray(), b.toByteArray()) && a.size() > 0;
        }
        Arrays.sort(with);
        Arrays.sort(without);
        double w = with[noIndex / 2] / 1e6;
        double wo = without[noIndex / 2] / 1e6;
        System.out.printf("in-process, %d keys: indexed median %.1f ms, --no-index median %.1f ms, ratio %.0fx "
                + "(target >= 100x), outputs %s%n", noIndex, w, wo, wo / w, equal ? "equal and non-empty" : "DIFFERENT");
    }

    private static void run(Path dir, String key, OutputStream out, boolean index) throws Exception {
        byte[] k = IndexKind.CONNECTION4.parse(key);
        new Lookup(dir).run(new Lookup.Query(IndexKind.CONNECTION4, k, Long.MIN_VALUE, Long.MAX_VALUE, index), out);
    }
}
