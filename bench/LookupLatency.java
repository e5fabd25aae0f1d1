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
 * Prints p50, p99 and max in ms.
 *
 *   java -cp target/nsr.jar bench/LookupLatency.java DIR KEYS [ROUNDS]
 */
public class LookupLatency {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        List<String> keys = Files.readAllLines(Path.of(args[1])).stream().filter(s -> !s.isBlank()).toList();
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        OutputStream sink = OutputStream.nullOutputStream();
        for (String k : keys) {
            run(dir, k, sink);
        }
        long[] t = new long[keys.size() * rounds];
        int n = 0;
        for (int r = 0; r < rounds; r++) {
            for (String k : keys) {
                long t0 = System.nanoTime();
                run(dir, k, sink);
                t[n++] = System.nanoTime() - t0;
            }
        }
        Arrays.sort(t);
        System.out.printf("in-process connection4 lookups: %d, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", n,
                t[n / 2] / 1e6, t[(int) Math.min(n - 1, Math.ceil(n * 0.99) - 1)] / 1e6, t[n - 1] / 1e6);
    }

    private static void run(Path dir, String key, OutputStream out) throws Exception {
        byte[] k = IndexKind.CONNECTION4.parse(key);
        new Lookup(dir).run(new Lookup.Query(IndexKind.CONNECTION4, k, Long.MIN_VALUE, Long.MAX_VALUE, true), out);
    }
}
